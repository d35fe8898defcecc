import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScheduledTask } from 'node-cron';
import type { Env } from './config/env';
import { ConnectionRepository } from './connections/connection.repository';
import { CredentialRepository } from './connections/credential.repository';
import { OAuthStateRepository } from './connections/oauth-state.repository';
import type { NotionSettings } from './connectors/notion/notion.client';
import { NotionOAuth } from './connectors/notion/oauth';
import { ensureConstraints } from './graph/constraints';
import { connectGraph, type Graph } from './graph/graph';
import { Authenticator } from './graphql/auth';
import type { Services } from './graphql/context';
import { AppRepository } from './identity/app.repository';
import { MembershipChangeRepository } from './identity/membership-change.repository';
import { UserRepository } from './identity/user.repository';
import { TokenCipher } from './lib/crypto';
import { Metrics, syncMetrics } from './metrics/metrics';
import type { Logger } from './lib/logger';
import { SyncRunRepository } from './runs/sync-run.repository';
import { createHttpServer, type HttpOptions } from './server';
import { ConnectionService } from './services/connection.service';
import { scheduleSync } from './sync/scheduler';
import { SyncLeaseRepository } from './sync/sync-lease.repository';
import { SyncService } from './sync/sync.service';
import { TenantRepository } from './tenants/tenant.repository';

/** A running service: its URL, its parts for tests, and a clean shutdown. */
export interface App {
  url: string;
  graph: Graph;
  services: Services;
  sync: SyncService;
  metrics: Metrics;
  close(): Promise<void>;
}

export const SYNC_BATCH_SIZE = 500;
export const SYNC_CONCURRENCY = 4;
/** Longer than any run should take; a crashed holder's lease is taken over after it. */
export const SYNC_LEASE_TTL_SECONDS = 2 * 60 * 60;

/** Wires every part from a parsed configuration, applies constraints, listens and schedules the sync. */
export async function startApp(env: Env, logger: Logger, http: HttpOptions = {}): Promise<App> {
  const graph = connectGraph(env.NEO4J_URI, env.NEO4J_USER, env.NEO4J_PASSWORD, env.NEO4J_DATABASE);
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
    observe: (url, status, retryAfter) => metrics.notionResponse(url, status, retryAfter),
  };
  const credentials = new CredentialRepository(graph, new TokenCipher(env.TOKEN_ENCRYPTION_KEY));
  const runs = new SyncRunRepository(graph);
  const oauth = new NotionOAuth(settings, logger);
  await runs.failAbandoned(60);
  const sync = new SyncService(
    { graph, connections, credentials, runs, oauth, settings, logger, batchSize: SYNC_BATCH_SIZE, observers: [syncMetrics(metrics)] },
    connections,
    runs,
    new SyncLeaseRepository(graph, randomUUID(), SYNC_LEASE_TTL_SECONDS),
    logger,
    SYNC_CONCURRENCY,
  );
  const tenants = new TenantRepository(graph);
  let task: ScheduledTask | null = null;
  const services: Services = {
    connectionService: new ConnectionService(graph, connections, credentials, new OAuthStateRepository(graph), oauth, sync, tenants, settings.redirectUri),
    connections,
    runs,
    users: new UserRepository(graph),
    apps: new AppRepository(graph),
    changes: new MembershipChangeRepository(graph),
    tenants,
    freshness: { nextSyncAt: () => task?.getNextRun() ?? null, staleAfterMs: env.SYNC_STALE_AFTER_HOURS * 3_600_000 },
  };
  const limits = {
    maxDepth: env.GRAPHQL_MAX_DEPTH,
    maxAliases: env.GRAPHQL_MAX_ALIASES,
    maxCost: env.GRAPHQL_MAX_COST,
    maxTokens: env.GRAPHQL_MAX_TOKENS,
  };
  const { server, apollo } = await createHttpServer(services, graph, new Authenticator(env.AUTH_JWT_SECRET, env.AUTH_TENANT_CLAIM), logger, {
    limits,
    corsOrigins: env.CORS_ORIGINS,
    metrics,
    scheduler: () => (!env.SYNC_ENABLED ? 'disabled' : task ? 'running' : 'stopped'),
    ...http,
  });
  await listen(server, env.PORT, env.HOST);
  task = env.SYNC_ENABLED ? scheduleSync(env.SYNC_CRON, sync, logger) : null;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`,
    graph,
    services,
    sync,
    metrics,
    async close() {
      await task?.stop();
      task = null;
      await sync.stop();
      await apollo.stop(); // drains open requests and closes the HTTP server
      await graph.close();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}
