import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  getNullableType,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLSchema,
  isListType,
  isObjectType,
} from 'graphql';
import { type ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from './cursor';
import { listMaxItems } from './list-size';

/**
 * What a field costs: 1, plus its selection times the items it can return. A field with a `first` argument
 * (every Relay list) multiplies its subtree by `first`, or by the default page size when omitted. A list without
 * `first` multiplies it by its maximum size (MaxItems, else a full page; a scalar list counts its items), so
 * `connections { … }` costs what a hundred connections would. A Relay page's `edges` are the paged field's
 * items, already counted by its `first`. The cost approximates how many values the query may return.
 */
export function pageCost({ type, field, args, childComplexity }: ComplexityEstimatorArgs): number {
  // Introspection (GraphiQL's, a client's codegen) is bounded by the schema itself, not by the data: free, as
  // the depth limit ignores it too.
  if (field.name.startsWith('__') || type.name.startsWith('__')) return 0;
  // `nodes(ids:)` returns one object per id.
  if (Array.isArray(args.ids)) return 1 + Math.max(args.ids.length, 1) * childComplexity;
  if (field.args.some((a) => a.name === 'first')) {
    const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
    return 1 + Math.max(first, 1) * childComplexity;
  }
  if (isListType(getNullableType(field.type)) && !isRelayEdges(type, field.name))
    return 1 + listMaxItems(field) * Math.max(childComplexity, 1);
  return 1 + childComplexity;
}

/** The `edges` of a Relay connection type (one with `pageInfo`): their count is the page's `first`. */
function isRelayEdges(type: GraphQLCompositeType, fieldName: string): boolean {
  return fieldName === 'edges' && isObjectType(type) && 'pageInfo' in type.getFields();
}

/** Costs remembered per parsed document, for this many operation-and-variables combinations each. */
const COSTS_PER_DOCUMENT = 64;

/**
 * Refuses an operation whose cost (with its variables) exceeds `maxCost`, with 400 and the numbers. A cost depends
 * only on the document, the operation and the variables, so it is computed once per combination: Apollo hands every
 * request with the same query text the same parsed document (its document store), and walking it cost ~0.25 ms
 * of every uncached page (ADR 0010).
 */
export function costLimitPlugin<TContext extends object>(maxCost: number): ApolloServerPlugin<TContext> {
  const known = new WeakMap<DocumentNode, Map<string, number | null>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let costs = known.get(document);
          if (!costs) known.set(document, (costs = new Map()));
          const key = `${request.operationName ?? ''}\u0000${JSON.stringify(request.variables ?? {})}`;
          let cost = costs.get(key);
          if (cost === undefined) {
            if (costs.size >= COSTS_PER_DOCUMENT) costs.clear();
            cost = costOf(schema, document, request.variables, request.operationName);
            costs.set(key, cost);
          }
          if (cost !== null && cost > maxCost) {
            throw new GraphQLError(
              `Query cost limit of ${maxCost} exceeded, found ${cost}: ask for smaller pages (first) or fewer nested lists.`,
              { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_COST', http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}

/** The operation's cost, or null when its variables do not coerce. */
function costOf(
  schema: GraphQLSchema,
  query: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number | null {
  try {
    return getComplexity({ schema, query, variables, operationName, estimators: [pageCost] });
  } catch {
    // Variables that do not coerce (an unknown enum value): execution refuses them before resolving anything, as
    // BAD_USER_INPUT, so there is no cost to bound here.
    return null;
  }
}
