import { Field, ID, InterfaceType } from 'type-graphql';

/** Resolvers hand `node`'s records over with the GraphQL type they are, since records are plain objects. */
export interface TypedRecord {
  __typename: string;
}

@InterfaceType({
  description: 'An object with a globally unique, opaque id (Relay Global Object Identification): refetch it with node(id:).',
  resolveType: (value: TypedRecord) => value.__typename,
})
export abstract class Node {
  @Field(() => ID, { description: 'Globally unique, opaque id, stable across syncs; refetch the object with node(id:).' })
  id!: string;
}
