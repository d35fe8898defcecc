import { ArgsType, Field, Int } from 'type-graphql';

/** Relay paging arguments, shared by every list: `first` (0 to 100, default 50) and `after` (a previous endCursor). */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, 0 to 100 (default 50).' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page (of the same query, filter and order).' })
  after?: string | null;
}
