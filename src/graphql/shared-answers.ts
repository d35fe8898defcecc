import { type ApolloServerPlugin, type GraphQLResponse, HeaderMap } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { Context } from './context';

/** How many unshareable queries are remembered before the set starts over (a bound on its memory). */
const MAX_UNSHAREABLE = 10_000;

const queryKey = (rc: { queryHash?: string; operationName?: string | null }) => `${rc.queryHash}\u0000${rc.operationName ?? ''}`;

/**
 * Identical queries of one tenant that miss the response cache at the same time share one execution (ADR 0009's
 * second amendment): the first runs, the others wait for its answer. After a write of a busy tenant every
 * client's next query misses at once; without this each one ran its own Neo4j read of the same answer.
 *
 * The key is the response cache's: the query, its operation name and variables, the caller's tenant and role,
 * and the tenant's version read for this request (`versionOf`). Sharing is as exact as the cache: a waiting
 * request read the same version after it arrived, so no write of the tenant committed between the first
 * request's version read and its own, and the answer it gets is at least as new as one it would have read
 * itself. Only answers the cache could keep are shared (no errors, no field that depends on the clock);
 * otherwise each waiting request executes by itself. A query whose answer the cache could not keep (a field that
 * depends on the clock, such as `connections { stale }`) is remembered, and later copies of it run at once
 * instead of waiting for a first one they cannot share: the load test's `connections` waited for one execution
 * and then ran its own (p50 746 ms against 115–190 ms for the rest of the mix, docs/benchmarks.md).
 */
export function sharedAnswersPlugin(
  versionOf: (context: Context) => string | null | undefined,
  onShared: () => void = () => undefined,
): ApolloServerPlugin<Context> {
  const inFlight = new Map<string, Promise<FormattedExecutionResult | null>>();
  /** Queries (hash and operation name) whose last answer the cache could not keep, at most MAX_UNSHAREABLE. */
  const unshareable = new Set<string>();
  return {
    async requestDidStart() {
      let finish: ((answer: FormattedExecutionResult | null) => void) | null = null;
      return {
        async responseForOperation(rc): Promise<GraphQLResponse | null> {
          const version = versionOf(rc.contextValue);
          if (rc.operation?.operation !== 'query' || version == null) return null;
          if (unshareable.has(queryKey(rc))) return null;
          const { tenantId, roles } = rc.contextValue;
          const key = JSON.stringify([
            tenantId,
            roles.includes('admin'),
            version,
            rc.queryHash,
            rc.operationName,
            rc.request.variables ?? {},
          ]);
          const first = inFlight.get(key);
          if (first) {
            const answer = await first;
            if (!answer) return null;
            onShared();
            return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: answer.data } } };
          }
          inFlight.set(
            key,
            new Promise((resolve) => {
              finish = (answer) => {
                inFlight.delete(key);
                resolve(answer);
              };
            }),
          );
          return null;
        },
        async willSendResponse(rc) {
          if (!finish) return;
          const body = rc.response.body;
          const answered = body.kind === 'single' && !body.singleResult.errors && body.singleResult.data;
          const keepable = rc.overallCachePolicy.policyIfCacheable() !== null;
          if (answered && !keepable) {
            if (unshareable.size >= MAX_UNSHAREABLE) unshareable.clear();
            unshareable.add(queryKey(rc));
          }
          finish(answered && keepable && body.kind === 'single' ? body.singleResult : null);
          finish = null;
        },
      };
    },
  };
}
