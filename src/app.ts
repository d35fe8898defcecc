import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScheduledTask } from 'node-cron';
import { scheduleAuditPrune } from './audit/audit-prune';
import { AuditRepository } from './audit/audit.repository';
import type { Env } from './config/env';
import { ConnectionRepository } from './connections/connection.repository';
import { OAuthStateRepository } from './connections/oauth-state.repository';
import { CONNECTORS } from './connectors/registry';
import { createCore } from './core';
import type { Graph } from './graph/graph';
import { Authenticator } from './graphql/auth';
import type { Services } from './graphql/context';
import { AppRepository } from './identity/app.repository';
import { MembershipChangeRepository } from './identity/membership-change.repository';
import { OffboardingRepository } from './identity/offboarding.repository';
import { AccessRepository } from './identity/access.repository';
import { UserRepository } from './identity/user.repository';
import type { Logger } from './lib/logger';
import type { Metrics } from './metrics/metrics';
import { SyncRunRepository } from './runs/sync-run.repository';
import { createHttpServer, type HttpOptions } from './server';
import { ConnectionService } from './services/connection.service';
import { SyncSchedule, slotKey } from './sync/schedule-slots';
import type { SyncLoop } from './sync/sync-loop';
import { SyncThread } from './sync/sync-thread';
import { TenantRepository } from './tenants/tenant.repository';

/** A running service: its URL, its parts for tests, and a clean shutdown. */
export interface App {
  url: string;
  graph: Graph;
  services: Services;
  sync: SyncLoop;
  metrics: Metrics;
  close(): Promise<void>;
}

/**
 * Wires the API from a parsed configuration, applies constraints and listens. This process only asks for runs
 * (ADR 0015); SYNC_ROLE=all also starts the sync loop that claims and runs them in a worker thread, and
 * SYNC_ROLE=api leaves them to the workers.
 */
export async function startApp(env: Env, logger: Logger, http: HttpOptions = {}): Promise<App> {
  const core = await createCore(env, logger, { claims: false });
  const { graph, credentials, runs, connectors, metrics } = core;
  await runs.failAbandoned(60);
  // Key rotation: tokens sealed with a previous key are re-sealed with the current one at every start.
  const rotation = await credentials.resealAll();
  if (rotation.resealed || rotation.unreadable) logger.info(rotation, 'Re-sealed stored tokens with the current TOKEN_ENCRYPTION_KEY');
  // Requests go through the graph's API driver, which gives up within NEO4J_API_TIMEOUT_MS while Neo4j is away;
  // the sync keeps its own driver (in its thread or process) and its longer retries.
  const api = graph.api;
  const tenants = new TenantRepository(api);
  const apiConnections = new ConnectionRepository(api);
  const threaded = env.SYNC_ROLE === 'api' ? null : await SyncThread.start(env, logger, metrics);
  const sync = core.sync;
  if (threaded) sync.claimIn(threaded);
  const schedule = new SyncSchedule(env.SYNC_CRON);
  const services: Services = {
    connectionService: new ConnectionService(api, apiConnections, credentials, new OAuthStateRepository(api), connectors, sync, tenants),
    connections: apiConnections,
    runs: new SyncRunRepository(api),
    users: new UserRepository(api),
    offboarding: new OffboardingRepository(api),
    access: new AccessRepository(api),
    apps: new AppRepository(api),
    changes: new MembershipChangeRepository(api),
    tenants,
    // The API's fast-failing driver: an audit write never holds a response past NEO4J_API_TIMEOUT_MS.
    audit: new AuditRepository(api),
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
  const auth = new Authenticator(
    {
      secret: env.AUTH_JWT_SECRET,
      jwksUrl: env.AUTH_JWKS_URL,
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
      tenantClaim: env.AUTH_TENANT_CLAIM,
      rolesClaim: env.AUTH_ROLES_CLAIM,
      defaultRole: env.AUTH_DEFAULT_ROLE,
      jwks: http.jwksTiming,
    },
    logger,
  );
  const { server, apollo } = await createHttpServer(services, api, auth, logger, {
    limits,
    corsOrigins: env.CORS_ORIGINS,
    responseCacheSeconds: env.API_RESPONSE_CACHE_SECONDS,
    providers: CONNECTORS,
    metrics,
    metricsToken: env.METRICS_TOKEN,
    scheduler: () => (!env.SYNC_ENABLED || !threaded ? 'disabled' : threaded.isAlive() ? 'running' : 'stopped'),
    ...http,
  });
  await listen(server, env.PORT, env.HOST);
  // Retention runs in every API process whether or not the sync is scheduled: the trail grows with mutations,
  // not with syncs; the prune is idempotent, so every replica runs it (ADR 0015 retired the CronFiring claim).
  // A background job: the graph with the long retries, not the API's fast-failing view.
  let pruneTask: ScheduledTask | null = scheduleAuditPrune(new AuditRepository(graph), env.AUDIT_RETENTION_DAYS, logger);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`,
    graph,
    services,
    sync,
    metrics,
    async close() {
      await pruneTask?.stop();
      pruneTask = null;
      await threaded?.stop();
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
