import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Account } from './account.type';
import { EmploymentStatus } from './employment.type';
import { relayTypes } from './relay';
import { User } from './user.type';
import { MAX_ACCOUNTS_PER_PERSON, MaxItems } from '../list-size';

type Relation<T> = T;

@ObjectType({
  simpleResolvers: true,
  description: 'A person who should no longer have access (suspended, archived, deleted or not in the directory) and still holds accounts.',
})
export class OffboardingGap {
  @Field(() => User, { description: 'The person.' })
  user!: Relation<User>;

  @Field(() => EmploymentStatus, { description: 'Their directory status.' })
  status!: EmploymentStatus;

  @Field(() => DateTimeISOResolver, { description: 'When a sync first saw that status.' })
  since!: Date;

  @Field(() => [Account], { description: 'Their current accounts in apps other than the directory.' })
  @MaxItems(MAX_ACCOUNTS_PER_PERSON)
  accounts!: Account[];
}

export const OffboardingGapConnection = relayTypes('OffboardingGap', OffboardingGap, 'offboarding gaps');
