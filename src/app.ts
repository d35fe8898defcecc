import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScheduledTask } from 'node-cron';
import type { Env } from './config/env';
import { OAuthStateRepository } from './connections/oauth-state.repository';
import type { Graph } from './graph/graph';
import { Authenticator } from './graphql/auth';
import type { Services } from './graphql/context';
import { AppRepository } from './identity/app.repository';
import { MembershipChangeRepository } from './identity/membership-change.repository';
import { OffboardingRepository } from './identity/offboarding.repository';
import { UserRepository } from './identity/user.repository';
import type { Metrics } from './metrics/metrics';
import type { Logger } from './lib/logger';
import { createHttpServer, type HttpOptions } from './server';
import { ConnectionService } from './services/connection.service';
import { Neo4jRunCoordinator } from './sync/firing-coordinator';
import { scheduleSync } from './sync/scheduler';
import type { SyncService } from './sync/sync.service';
import { CONNECTORS } from './connectors/registry';
import { createCore } from './core';
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

/** Wires every part from a parsed configuration, applies constraints, listens and schedules the sync. */
export async function startApp(env: Env, logger: Logger, http: HttpOptions = {}): Promise<App> {
  const core = await createCore(env, logger);
  const { graph, connections, credentials, runs, connectors, sync, metrics } = core;
  await runs.failAbandoned(60);
  // Key rotation: tokens sealed with a previous key are re-sealed with the current one at every start.
  const rotation = await credentials.resealAll();
  if (rotation.resealed || rotation.unreadable) logger.info(rotation, 'Re-sealed stored tokens with the current TOKEN_ENCRYPTION_KEY');
  const tenants = new TenantRepository(graph);
  let task: ScheduledTask | null = null;
  const services: Services = {
    connectionService: new ConnectionService(graph, connections, credentials, new OAuthStateRepository(graph), connectors, sync, tenants),
    connections,
    runs,
    users: new UserRepository(graph),
    offboarding: new OffboardingRepository(graph),
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
    responseCacheSeconds: env.API_RESPONSE_CACHE_SECONDS,
    providers: CONNECTORS,
    metrics,
    scheduler: () => (!env.SYNC_ENABLED ? 'disabled' : task ? 'running' : 'stopped'),
    ...http,
  });
  await listen(server, env.PORT, env.HOST);
  task = env.SYNC_ENABLED ? scheduleSync(env.SYNC_CRON, sync, logger, new Neo4jRunCoordinator(graph, core.instanceId)) : null;
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
