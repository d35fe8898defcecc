import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { AppError } from '../../lib/errors';
import type { Context } from '../context';
import { globalIdOf, type NodeType } from '../global-id';
import { loadNode } from '../node-loader';
import { Node } from '../types/node.type';

/** Most ids one `nodes` call takes, as a page's `first`. */
export const MAX_NODE_IDS = 100;

@Resolver(() => Node)
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: "The object with this global id, or null when the organisation has none (an unknown id, another tenant's id).",
  })
  node(@Arg('id', () => ID, { description: 'A global id (any Node’s `id`).' }) id: string, @Ctx() ctx: Context) {
    return loadNode(ctx, id);
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: `The objects with these global ids, in the same order, each null when unknown (at most ${MAX_NODE_IDS} ids).`,
  })
  nodes(@Arg('ids', () => [ID], { description: `Global ids, at most ${MAX_NODE_IDS}.` }) ids: string[], @Ctx() ctx: Context) {
    if (ids.length > MAX_NODE_IDS) {
      throw new AppError('BAD_USER_INPUT', 'TOO_MANY_IDS', `\`nodes\` takes at most ${MAX_NODE_IDS} ids; got ${ids.length}.`);
    }
    // One promise per id: a refused one (an audit event for a viewer) is an error at its own index only.
    return ids.map((id) => loadNode(ctx, id));
  }

  /** Every Node type's `id`: its global id, made from the record and the GraphQL type it is served as. */
  @FieldResolver(() => ID)
  id(@Root() record: object, @Info() info: GraphQLResolveInfo): string {
    return globalIdOf(info.parentType.name as NodeType, record);
  }
}
