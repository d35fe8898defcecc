import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

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
  description: 'Where a person stands in the company directory (Google Workspace).',
  valuesConfig: {
    ACTIVE: { description: 'A directory user, neither suspended nor archived.' },
    SUSPENDED: { description: 'A suspended directory user.' },
    ARCHIVED: { description: 'An archived directory user.' },
    DELETED: { description: 'Was in the directory at an earlier complete sync and is gone.' },
    NOT_IN_DIRECTORY: { description: "The address is in one of the directory's domains but no directory user owns it." },
    EXTERNAL: { description: "The address is outside the directory's domains." },
    UNKNOWN: { description: 'No directory is connected (or it has not completed a sync).' },
  },
});

@ObjectType({ description: "A person's standing in the company directory and the directory's facts about them." })
export class Employment {
  @Field(() => EmploymentStatus, { description: 'The status.' })
  status!: EmploymentStatus;

  @Field(() => Boolean, { nullable: true, description: 'A directory administrator; null without a directory account.' })
  isAdmin!: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'The directory organisational unit, e.g. "/Engineering"; null without a directory account.',
  })
  orgUnitPath!: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'Last sign-in the directory reports; null when never or unknown.' })
  lastLoginAt!: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When a sync first saw the current status; null while UNKNOWN.' })
  since!: Date | null;
}
