import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from './node.type';
import { Provider } from './provider';
import { ConnectionStatus, MemberAccess } from './enums';

@ObjectType({
  simpleResolvers: true,
  description: 'A connected SaaS tool of the organisation; tokens are never exposed.',
  implements: Node,
})
export class Connection {
  // `id` is Node's global id; the raw one, which the CLI, logs, audit targets and SyncRun.connectionId show, stays here.
  @Field(() => ID, {
    name: 'connectionId',
    // Served from the record's `id`: only type-graphql's own resolver maps the property to another name.
    simple: false,
    description: "The connection's own id (a UUID), as SyncRun.connectionId, audit targets and the CLI show it; `id` is the global id.",
  })
  id!: string;

  @Field(() => Provider, { description: 'The provider (the connector that syncs it).' })
  provider!: string;

  @Field(() => ConnectionStatus, { description: 'Where the connection stands.' })
  status!: ConnectionStatus;

  @Field(() => String, { nullable: true, description: 'Why the connection is in this status, in a sentence.' })
  statusReason!: string | null;

  @Field(() => MemberAccess, { description: 'What the grant let the last sync read of the members.' })
  memberAccess!: MemberAccess;

  @Field(() => String, { nullable: true, description: 'What the admin should do when member access is limited.' })
  memberAccessMessage!: string | null;

  @Field(() => ID, { description: "The provider's id of the synced app (Notion's workspace id, Google's customer id)." })
  workspaceId!: string;

  @Field(() => DateTimeISOResolver, { description: 'When the connection was first made.' })
  createdAt!: Date;

  @Field(() => DateTimeISOResolver, { description: 'When the connection last changed.' })
  updatedAt!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When a sync last succeeded; null before the first.' })
  lastSuccessfulSyncAt!: Date | null;
}

@ObjectType({
  simpleResolvers: true,
  description: "Where to send the browser to authorize Layer at a provider (the provider's consent page).",
})
export class Authorization {
  @Field({ description: "The provider's authorization URL, with client id, redirect URI and state." })
  authorizationUrl!: string;

  @Field({ description: 'The single-use state the callback must hand back to completeOAuth.' })
  state!: string;

  @Field(() => DateTimeISOResolver, { description: 'When the state expires (10 minutes after it was issued).' })
  expiresAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'Where to send the browser to authorize Layer in Notion.' })
export class NotionAuthorization {
  @Field({ description: "Notion's authorization URL, with client id, redirect URI and state." })
  authorizationUrl!: string;

  @Field({ description: 'The single-use state the callback must hand back to completeNotionOAuth.' })
  state!: string;

  @Field(() => DateTimeISOResolver, { description: 'When the state expires (10 minutes after it was issued).' })
  expiresAt!: Date;
}

@ObjectType({
  simpleResolvers: true,
  description: 'A complete run that listed far fewer members than the graph holds, so it removed nobody.',
})
export class PendingShrink {
  @Field(() => ID, { description: 'The run that was held (status NEEDS_CONFIRMATION).' })
  runId!: string;

  @Field(() => Int, { description: 'Current members the graph held for the workspace.' })
  membersInGraph!: number;

  @Field(() => Int, { description: 'Members with an email Notion listed in that run.' })
  membersListed!: number;

  @Field(() => DateTimeISOResolver, { description: 'When the run was held.' })
  detectedAt!: Date;

  @Field({ description: 'True once confirmSyncShrink was called: the next complete run removes the leavers.' })
  confirmed!: boolean;
}
