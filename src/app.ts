import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Env } from './config/env';
import { OAuthStateRepository } from './connections/oauth-state.repository';
import type { Graph } from './graph/graph';
import { Authenticator } from './graphql/auth';
import type { Services } from './graphql/context';
import { AppRepository } from './identity/app.repository';
import { MembershipChangeRepository } from './identity/membership-change.repository';
import { UserRepository } from './identity/user.repository';
import type { Metrics } from './metrics/metrics';
import type { Logger } from './lib/logger';
import { createHttpServer, type HttpOptions } from './server';
import { ConnectionService } from './services/connection.service';
import { createCore, SYNC_LEASE_TTL_SECONDS } from './core';
import { ReadPressure } from './sync/read-pressure';
import { RequestedSync } from './sync/requested-sync';
import { SyncSchedule, slotKey } from './sync/schedule-slots';
import { SyncLeaseRepository } from './sync/sync-lease.repository';
import { SyncRequestRepository } from './sync/sync-request.repository';
import type { SyncRunner } from './sync/sync-runner';
import { ThreadedSync } from './sync/sync-thread';
import { TenantRepository } from './tenants/tenant.repository';

/** A running service: its URL, its parts for tests, and a clean shutdown. */
export interface App {
  url: string;
  graph: Graph;
  services: Services;
  /** The sync as this process reaches it: a worker thread (SYNC_ROLE=all) or workers through Neo4j (api). */
  sync: SyncRunner;
  metrics: Metrics;
  close(): Promise<void>;
}

/** How long `syncConnection` on an API-only process waits for a worker to answer its request. */
const WORKER_ANSWER_TIMEOUT_MS = 15_000;

/**
 * Wires the API from a parsed configuration, applies constraints and listens. SYNC_ROLE=all also starts the
 * sync (schedule, runs) in a worker thread; SYNC_ROLE=api runs none and asks the workers through Neo4j (ADR 0012).
 */
export async function startApp(env: Env, logger: Logger, http: HttpOptions = {}): Promise<App> {
  const core = await createCore(env, logger);
  const { graph, connections, credentials, runs, oauth, settings, metrics } = core;
  await runs.failAbandoned(60);
  // Key rotation: tokens sealed with a previous key are re-sealed with the current one at every start.
  const rotation = await credentials.resealAll();
  if (rotation.resealed || rotation.unreadable) logger.info(rotation, 'Re-sealed stored tokens with the current TOKEN_ENCRYPTION_KEY');
  const tenants = new TenantRepository(graph);
  const pressure = new ReadPressure();
  const threaded = env.SYNC_ROLE === 'api' ? null : await ThreadedSync.start(env, logger, metrics, pressure);
  const sync: SyncRunner =
    threaded ?? new RequestedSync(new SyncRequestRepository(graph), runs, new SyncLeaseRepository(graph, core.instanceId, SYNC_LEASE_TTL_SECONDS), WORKER_ANSWER_TIMEOUT_MS);
  const schedule = new SyncSchedule(env.SYNC_CRON);
  const services: Services = {
    connectionService: new ConnectionService(graph, connections, credentials, new OAuthStateRepository(graph), oauth, sync, tenants, settings.redirectUri),
    connections,
    runs,
    users: new UserRepository(graph),
    apps: new AppRepository(graph),
    changes: new MembershipChangeRepository(graph),
    tenants,
    freshness: {
      // The connection's own slot (ADR 0012), whichever process runs it; the schedule is the same for all.
      nextSyncAt: (c) => (env.SYNC_ENABLED ? schedule.nextSlot(slotKey(c.tenantId, c.provider, c.workspaceId)) : null),
      staleAfterMs: env.SYNC_STALE_AFTER_HOURS * 3_600_000,
    },
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
    responseCacheSeconds: env.API_RESPONSE_CACHE_SECONDS,
    metrics,
    scheduler: () => (!env.SYNC_ENABLED || !threaded ? 'disabled' : threaded.isAlive() ? 'running' : 'stopped'),
    ...http,
  });
  // The sync thread's writes yield while GraphQL requests are in flight (ADR 0012).
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith('/graphql')) return;
    pressure.enter();
    res.once('close', () => pressure.leave());
  });
  await listen(server, env.PORT, env.HOST);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`,
    graph,
    services,
    sync,
    metrics,
    async close() {
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
