import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Account } from './account.type';

@ObjectType({ description: 'A person of the organisation, keyed by normalised email, joined across sources.' })
export class User {
  @Field({ description: 'Normalised email (trimmed, lower-cased): the identity key.' })
  email!: string;

  @Field(() => DateTimeISOResolver, { description: 'When any source first showed this person.' })
  firstSeen!: Date;

  @Field(() => [Account], { description: "The person's accounts in every connected app." })
  accounts!: Account[];
}

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'True when items precede this page (an `after` cursor was given).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge; pass it as `after` for the next page.' })
  endCursor!: string | null;
}

@ObjectType({ description: 'A user and its cursor.' })
export class UserEdge {
  @Field(() => User, { description: 'The user.' })
  node!: User;

  @Field({ description: 'Opaque cursor of this edge.' })
  cursor!: string;
}

@ObjectType({ description: 'A page of users (Relay connection).' })
export class UserConnection {
  @Field(() => [UserEdge], { description: 'The users of this page.' })
  edges!: UserEdge[];

  @Field(() => PageInfo, { description: 'Where this page stands.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many users match, over all pages.' })
  totalCount!: number;
}
