import { randomUUID } from 'node:crypto';
import type { Env } from './config/env';
import { ConnectionRepository } from './connections/connection.repository';
import { CredentialRepository } from './connections/credential.repository';
import type { NotionSettings } from './connectors/notion/notion.client';
import { NotionOAuth } from './connectors/notion/oauth';
import { NotionPacer } from './connectors/notion/pacer';
import { ensureConstraints } from './graph/constraints';
import { connectGraph, type Graph } from './graph/graph';
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

/** Extra watchers of the sync, for the CLI's progress output. */
export interface CoreHooks {
  observers?: SyncObserver[];
  onNotionResponse?: NotionSettings['observe'];
  /** Time the pacer held a request back (the `all` role's sync thread forwards it to the API thread's metrics). */
  onPacingWait?(ms: number): void;
  /** Called before each batch write (the `all` role's sync thread yields to the API's reads). */
  beforeWrite?(): Promise<void>;
}

/** The service without HTTP: the graph, the repositories, Notion and the sync. The server and the CLI share it. */
export async function createCore(env: Env, logger: Logger, hooks: CoreHooks = {}) {
  /** This process among the replicas: owner of its sync leases and cron firings. */
  const instanceId = randomUUID();
  const graph: Graph = connectGraph(env.NEO4J_URI, env.NEO4J_USER, env.NEO4J_PASSWORD, env.NEO4J_DATABASE);
  await ensureConstraints(graph);
  const connections = new ConnectionRepository(graph);
  const metrics = new Metrics({ connectionsByStatus: () => connections.countByStatus(), neo4jErrors: () => graph.stats.errors });
  const settings: NotionSettings = {
    baseUrl: env.NOTION_API_BASE_URL,
    authorizeUrl: env.NOTION_AUTHORIZE_URL,
    clientId: env.NOTION_CLIENT_ID,
    clientSecret: env.NOTION_CLIENT_SECRET,
    redirectUri: env.NOTION_REDIRECT_URI,
    timeoutMs: env.NOTION_TIMEOUT_MS,
    pacer: new NotionPacer(env.NOTION_REQUESTS_PER_SECOND, (ms) => {
      metrics.rateLimitWait.inc({ source: 'pacing' }, ms / 1000);
      hooks.onPacingWait?.(ms);
    }),
    observe: (url, status, retryAfter) => {
      metrics.notionResponse(url, status, retryAfter);
      hooks.onNotionResponse?.(url, status, retryAfter);
    },
  };
  const credentials = new CredentialRepository(graph, new TokenCipher(env.TOKEN_ENCRYPTION_KEY, env.TOKEN_ENCRYPTION_KEYS_PREVIOUS));
  const runs = new SyncRunRepository(graph);
  const oauth = new NotionOAuth(settings, logger);
  const sync = new SyncService(
    { graph, connections, credentials, runs, oauth, settings, logger, batchSize: env.SYNC_BATCH_SIZE, writeConcurrency: env.SYNC_WRITE_CONCURRENCY,
      limits: { maxPages: env.SYNC_MAX_PAGES, budgetMs: env.SYNC_RUN_BUDGET_SECONDS * 1000, shrinkGuardRatio: env.SYNC_SHRINK_GUARD_RATIO },
      observers: [syncMetrics(metrics), ...(hooks.observers ?? [])], beforeWrite: hooks.beforeWrite },
    connections,
    runs,
    new SyncLeaseRepository(graph, instanceId, SYNC_LEASE_TTL_SECONDS),
    logger,
    SYNC_CONCURRENCY,
  );
  return { instanceId, graph, connections, credentials, runs, oauth, settings, sync, metrics };
}

export type Core = Awaited<ReturnType<typeof createCore>>;
