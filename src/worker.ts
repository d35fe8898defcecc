import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Env } from './config/env';
import { createCore } from './core';
import type { Graph } from './graph/graph';
import type { Logger } from './lib/logger';
import type { Metrics } from './metrics/metrics';
import { metricsAuth } from './metrics/metrics-auth';
import type { SyncService } from './sync/sync.service';
import { startSyncWork, type SyncWork } from './sync/sync-work';

/** A running sync worker (SYNC_ROLE=worker): its probe URL, its parts for tests, and a clean shutdown. */
export interface Worker {
  url: string;
  graph: Graph;
  sync: SyncService;
  metrics: Metrics;
  close(): Promise<void>;
}

/**
 * Starts a sync worker (ADR 0012): the spread schedule, the syncs API processes ask for through Neo4j, and
 * only /healthz, /readyz and /metrics over HTTP (no GraphQL). Several workers share the work safely: each
 * connection's window is claimed once (CronFiring) and each run holds the connection's lease (SyncLease).
 */
export async function startWorker(env: Env, logger: Logger): Promise<Worker> {
  const core = await createCore(env, logger);
  await core.runs.failAbandoned(60);
  const rotation = await core.credentials.resealAll();
  if (rotation.resealed || rotation.unreadable) logger.info(rotation, 'Re-sealed stored tokens with the current TOKEN_ENCRYPTION_KEY');
  const work = startSyncWork(core, env, logger);
  const server = createServer(probes(core.graph, core.metrics, work, env.METRICS_TOKEN));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`,
    graph: core.graph,
    sync: core.sync,
    metrics: core.metrics,
    async close() {
      await work.stop();
      await closeServer(server);
      await core.graph.close();
    },
  };
}

/** The worker's HTTP surface: liveness, readiness (Neo4j answers, the schedule runs unless disabled), metrics (behind METRICS_TOKEN when set). */
function probes(graph: Graph, metrics: Metrics, work: SyncWork, metricsToken: string | undefined) {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', role: 'worker' });
  });
  app.get('/readyz', async (_req, res) => {
    const neo4j = await graph.ping().then(
      () => 'up',
      () => 'down',
    );
    const scheduler = work.scheduler();
    const ready = neo4j === 'up' && scheduler !== 'stopped';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', neo4j, scheduler, role: 'worker' });
  });
  app.get('/metrics', metricsAuth(metricsToken), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return app;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
