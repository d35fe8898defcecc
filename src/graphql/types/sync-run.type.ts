import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { SyncRunStatus } from './enums';
import { Node } from './node.type';
import { relayTypes } from './relay';

@ObjectType({ simpleResolvers: true, description: 'One sync of a connection: what it saw, wrote and removed.', implements: Node })
export class SyncRun {
  // Served from the record's `id`: only type-graphql's own resolver maps the property to another name.
  @Field(() => ID, {
    name: 'runId',
    simple: false,
    description: "The run's own id (a UUID), as PendingShrink.runId shows it; `id` is the global id.",
  })
  id!: string;

  @Field(() => ID, { description: 'The connection this run synced.' })
  connectionId!: string;

  @Field({ description: 'What started it: connect, manual or schedule.' })
  trigger!: string;

  @Field(() => SyncRunStatus, { description: 'RUNNING, SUCCEEDED, FAILED or NEEDS_CONFIRMATION.' })
  status!: SyncRunStatus;

  @Field(() => DateTimeISOResolver, { description: 'When the run started.' })
  startedAt!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the run ended; null while running.' })
  finishedAt!: Date | null;

  @Field(() => Int, { description: 'Entries listed by Notion (persons and bots).' })
  membersSeen!: number;

  @Field(() => Int, { description: 'Persons with a usable email, each an account of a User (written or confirmed unchanged).' })
  usersUpserted!: number;

  @Field(() => Int, { description: 'Bots skipped.' })
  botsSkipped!: number;

  @Field(() => Int, { description: 'Persons skipped because Notion gave no email.' })
  noEmailSkipped!: number;

  @Field(() => Int, { description: 'Entries skipped because they were malformed or had an unusable email.' })
  invalidSkipped!: number;

  @Field(() => Int, { description: 'Memberships ended because the member is gone from Notion (kept as history with removedAt).' })
  membershipsRemoved!: number;

  @Field(() => Int, { description: 'Accounts created, changed or rejoined; unchanged members are not written.' })
  accountsWritten!: number;

  @Field(() => Int, { description: 'Members who joined or came back since the workspace was first synced completely.' })
  membersJoined!: number;

  @Field(() => String, { nullable: true, description: 'Why the run failed, in a sentence.' })
  error!: string | null;

  @Field(() => String, { nullable: true, description: 'Why a successful run could not read members, if so.' })
  warning!: string | null;
}

export const SyncRunConnection = relayTypes('SyncRun', SyncRun, 'sync runs', false);
