import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Provider } from './provider';

/** The API's names of identity.model's EmploymentStatus. */
export enum EmploymentStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  ARCHIVED = 'ARCHIVED',
  DELETED = 'DELETED',
  NOT_IN_DIRECTORY = 'NOT_IN_DIRECTORY',
  EXTERNAL = 'EXTERNAL',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(EmploymentStatus, {
  name: 'EmploymentStatus',
  description: 'Where a person stands in the company directory (every connected directory: Google Workspace, Microsoft Entra ID …).',
  valuesConfig: {
    ACTIVE: { description: 'A directory user who may sign in (in at least one directory).' },
    SUSPENDED: { description: 'A suspended (blocked, disabled) directory user.' },
    ARCHIVED: { description: 'An archived directory user.' },
    DELETED: { description: 'Was in the directory at an earlier sync and is gone.' },
    NOT_IN_DIRECTORY: { description: "The address is in one of the directory's domains but no directory user owns it." },
    EXTERNAL: { description: "A guest of the directory, or an address outside the directory's domains." },
    UNKNOWN: { description: 'No directory is connected (or it has not completed a sync).' },
  },
});

@ObjectType({ simpleResolvers: true, description: "One directory's own view of a person." })
export class EmploymentSource {
  @Field(() => Provider, { description: 'The directory.' })
  provider!: string;

  @Field(() => ID, { description: 'The directory app (its id in `apps`).' })
  appId!: string;

  @Field(() => EmploymentStatus, { description: "The person's status in this directory." })
  status!: EmploymentStatus;

  @Field(() => DateTimeISOResolver, { description: 'When a sync first saw this status in this directory (DELETED: when they left it).' })
  since!: Date;
}

@ObjectType({ simpleResolvers: true, description: "A person's standing in the company directory and the directory's facts about them." })
export class Employment {
  @Field(() => EmploymentStatus, { description: 'The status over every directory: ACTIVE when any has them active.' })
  status!: EmploymentStatus;

  @Field(() => [EmploymentSource], { description: "Each directory's own view, the one whose facts are shown first." })
  sources!: EmploymentSource[];

  // isAdmin, orgUnitPath and lastLoginAt (the names Google customers' clients read) are resolved in EmploymentResolver.

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When a sync first saw the current status; null while UNKNOWN.' })
  since!: Date | null;
}
