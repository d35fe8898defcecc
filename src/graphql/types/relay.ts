import { type ClassType, Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'Relay page information.' })
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

/**
 * The edge and connection types of a Relay list of `Item`, named `<name>Edge` and `<name>Connection`. With
 * `abstract`, the connection is a base class that a `<name>Connection` declared elsewhere extends with its own fields.
 */
export function relayTypes<Item extends object>(name: string, item: ClassType<Item>, plural: string, withCount = true, abstract = false) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `One ${name.toLowerCase()} and its cursor.` })
  class Edge {
    @Field(() => item, { description: `The ${name.toLowerCase()}.` })
    node!: Item;

    @Field({ description: 'Opaque cursor of this edge.' })
    cursor!: string;
  }

  const edgesOptions = { description: `The ${plural} of this page.` };
  const pageInfoOptions = { description: 'Where this page stands.' };

  class CountedConnection {
    @Field(() => [Edge], edgesOptions)
    edges!: Edge[];

    @Field(() => PageInfo, pageInfoOptions)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: `How many ${plural} match, over all pages (counted only when asked for).` })
    totalCount!: number;
  }

  class PlainConnection {
    @Field(() => [Edge], edgesOptions)
    edges!: Edge[];

    @Field(() => PageInfo, pageInfoOptions)
    pageInfo!: PageInfo;
  }

  const connection = withCount ? CountedConnection : PlainConnection;
  // An unreferenced type is not emitted (type-graphql 2): the base only lends its fields.
  if (abstract) ObjectType(`${name}ConnectionBase`, { simpleResolvers: true })(connection);
  else ObjectType(`${name}Connection`, { simpleResolvers: true, description: `A page of ${plural} (Relay connection).` })(connection);
  return connection;
}
