import { randomUUID } from 'node:crypto';
import { type Env, enabledGroups } from './config/env';
import { ConnectionRepository } from './connections/connection.repository';
import { CredentialRepository } from './connections/credential.repository';
import { CONNECTORS, createConnectors } from './connectors/registry';
import { ensureConstraints } from './graph/constraints';
import { connectGraph, type Graph } from './graph/graph';
import { migrate } from './graph/migrations';
import { backfillUserSummaries } from './identity/user.summary';
import { TokenCipher } from './lib/crypto';
import type { Logger } from './lib/logger';
import { Metrics, syncMetrics } from './metrics/metrics';
import type { SyncObserver } from './runs/sync-observer';
import { SyncRunRepository } from './runs/sync-run.repository';
import { SyncLeaseRepository } from './sync/sync-lease.repository';
import { SyncService } from './sync/sync.service';

export const SYNC_CONCURRENCY = 4;
/** A lease lives this long past its holder's last heartbeat (every quarter of it): a crashed holder's lease is taken over after it. */
export const SYNC_LEASE_TTL_SECONDS = 120;

/** Extra watchers of the sync (the CLI's progress output) and the sync thread's links to the API thread. */
export interface CoreHooks {
  observers?: SyncObserver[];
  /** Every HTTP response from a provider (status 0 when none came), by bounded endpoint name. */
  onProviderResponse?: (provider: string, endpoint: string, status: number, retryAfter: string | null) => void;
  /** Time a provider's pacer held a request back (the `all` role's sync thread forwards it to the API thread's metrics). */
  onPacingWait?(provider: string, seconds: number): void;
  /** Called before each batch write (the `all` role's sync thread yields to the API's reads). */
  beforeWrite?(): Promise<void>;
  /**
   * This core runs in the `all` role's sync thread: the API thread already ran the constraints and migrations,
   * and serves /metrics from its own registry (the events come over `observers` and the two hooks above), so
   * this one neither repeats the schema steps nor collects Node's default metrics.
   */
  syncThread?: boolean;
}

/** The service without HTTP: the graph, the repositories, the connectors and the sync. The server and the CLI share it. */
export async function createCore(env: Env, logger: Logger, hooks: CoreHooks = {}) {
  /** This process among the replicas: owner of its sync leases and cron firings. */
  const instanceId = randomUUID();
  const graph: Graph = connectGraph(env.NEO4J_URI, env.NEO4J_USER, env.NEO4J_PASSWORD, env.NEO4J_DATABASE, env.NEO4J_API_TIMEOUT_MS);
  if (!hooks.syncThread) {
    await ensureConstraints(graph);
    await migrate(graph);
    await backfillUserSummaries(graph);
  }
  const connections = new ConnectionRepository(graph);
  const metrics = new Metrics(
    { connectionsByStatus: () => connections.countByStatus(), neo4jErrors: () => graph.stats.errors },
    !hooks.syncThread,
    CONNECTORS.map((c) => c.provider),
  );
  const connectors = createConnectors(
    (provider) => ({
      env,
      logger: logger.child({ provider }),
      observe(endpoint, status, retryAfter) {
        metrics.providerResponse(provider, endpoint, status, retryAfter);
        hooks.onProviderResponse?.(provider, endpoint, status, retryAfter);
      },
      onPacingWait: (seconds) => {
        metrics.rateLimitWait.inc({ provider, source: 'pacing' }, seconds);
        hooks.onPacingWait?.(provider, seconds);
      },
    }),
    env.OAUTH_REDIRECT_ORIGINS,
  );
  logger.info(
    { connectors: enabledGroups(env) },
    connectors.list().length ? 'Connectors enabled' : 'No connector is configured: nothing can be connected',
  );
  const credentials = new CredentialRepository(graph, new TokenCipher(env.TOKEN_ENCRYPTION_KEY, env.TOKEN_ENCRYPTION_KEYS_PREVIOUS));
  const runs = new SyncRunRepository(graph);
  const sync = new SyncService(
    {
      graph,
      connections,
      credentials,
      runs,
      logger,
      batchSize: env.SYNC_BATCH_SIZE,
      writeConcurrency: env.SYNC_WRITE_CONCURRENCY,
      limits: { maxPages: env.SYNC_MAX_PAGES, budgetMs: env.SYNC_RUN_BUDGET_SECONDS * 1000, shrinkGuardRatio: env.SYNC_SHRINK_GUARD_RATIO },
      observers: [syncMetrics(metrics), ...(hooks.observers ?? [])],
      beforeWrite: hooks.beforeWrite,
    },
    connectors,
    connections,
    runs,
    new SyncLeaseRepository(graph, instanceId, SYNC_LEASE_TTL_SECONDS),
    logger,
    SYNC_CONCURRENCY,
  );
  return { instanceId, graph, connections, credentials, runs, connectors, sync, metrics };
}

export type Core = Awaited<ReturnType<typeof createCore>>;
