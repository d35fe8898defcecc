import type { ApolloServerPlugin } from '@apollo/server';
import type { Metrics } from '../metrics/metrics';

/** Counts GraphQL requests by operation and outcome and times them; rejected = refused before execution. */
export function metricsPlugin<TContext extends object>(metrics: Metrics): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const stop = metrics.graphqlDuration.startTimer();
      let executed = false;
      let failed = false;
      return {
        async executionDidStart() {
          executed = true;
        },
        async didEncounterErrors() {
          failed = true;
        },
        async willSendResponse({ request, operationName, document, operation: op, metrics: requestMetrics }) {
          // A query refused at validation still has a parsed document that names its operation.
          const named = document?.definitions.find((d) => d.kind === 'OperationDefinition' && d.name);
          const fromDocument = named && 'name' in named ? named.name?.value : undefined;
          const operation = metrics.operation(operationName ?? request.operationName ?? fromDocument);
          const outcome = !failed ? 'ok' : executed ? 'error' : 'rejected';
          metrics.graphqlRequests.inc({ operation, outcome });
          // Set by the response cache (when on) for every operation it looked at; only queries are cached.
          if (op?.operation === 'query' && typeof requestMetrics.responseCacheHit === 'boolean') {
            metrics.responseCache.inc({ result: requestMetrics.responseCacheHit ? 'hit' : 'miss' });
          }
          stop({ operation });
        },
      };
    },
  };
}
