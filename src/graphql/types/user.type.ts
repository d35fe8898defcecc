import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Account } from './account.type';
import { Employment } from './employment.type';
import { Node } from './node.type';
import { relayTypes } from './relay';
import { MAX_EMAILS_PER_PERSON, MaxItems } from '../list-size';

@ObjectType({
  simpleResolvers: true,
  description: 'A person of the organisation, keyed by normalised email, joined across sources.',
  implements: Node,
})
export class User {
  @Field({ description: 'Primary email, normalised (trimmed, Unicode NFC, lower-cased): the identity key.' })
  email!: string;

  @Field(() => [String], { description: "Every address the person owns, normalised: the primary first, then the directory's aliases." })
  @MaxItems(MAX_EMAILS_PER_PERSON)
  emails!: string[];

  @Field(() => Employment, { description: 'Where the person stands in the company directory.' })
  employment!: Relation<Employment>;

  @Field(() => String, {
    nullable: true,
    description: 'Display name: the first, alphabetically, of the names its current accounts show (the User itself stores none).',
  })
  name!: string | null;

  @Field(() => DateTimeISOResolver, { description: 'When any source first showed this person.' })
  firstSeen!: Date;

  // `accounts(includeRemoved)` and `external` are resolved in UserResolver.
  accounts!: Account[];
}

type Relation<T> = T;

export const UserConnection = relayTypes('User', User, 'users');
