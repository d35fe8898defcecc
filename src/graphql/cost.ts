import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { type ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from './cursor';

/**
 * What a field costs: 1, plus its selection times the page it can return. A field with a `first` argument
 * (every Relay list) multiplies its subtree by `first`, or by the default page size when omitted, so the
 * cost approximates how many objects the query may return; `nodes` multiplies by its number of ids.
 */
export function pageCost({ field, args, childComplexity }: ComplexityEstimatorArgs): number {
  // `nodes(ids:)` returns one object per id.
  if (Array.isArray(args.ids)) return 1 + Math.max(args.ids.length, 1) * childComplexity;
  const paged = field.args.some((a) => a.name === 'first');
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
  return 1 + (paged ? Math.max(first, 1) : 1) * childComplexity;
}

/** Refuses an operation whose cost (with its variables) exceeds `maxCost`, with 400 and the numbers. */
export function costLimitPlugin<TContext extends object>(maxCost: number): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables,
              operationName: request.operationName,
              estimators: [pageCost],
            });
          } catch {
            // Variables that do not coerce (an unknown enum value): execution refuses them before resolving
            // anything, as BAD_USER_INPUT, so there is no cost to bound here.
            return;
          }
          if (cost > maxCost) {
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
