import { type App, startApp } from './app';
import type { Env } from './config/env';
import type { Logger } from './lib/logger';
import type { HttpOptions } from './server';
import { startWorker, type Worker } from './worker';

/**
 * Starts the API (SYNC_ROLE all or api) and shuts it down gracefully on SIGINT/SIGTERM: stop the schedule and
 * the sync thread, end runs under way cleanly (FAILED, nothing removed, lease released), drain HTTP requests,
 * close the driver, then `onStop` (the demo's stand-ins and local Neo4j).
 */
export async function serve(
  env: Env,
  logger: Logger,
  http: HttpOptions = {},
  onStop: () => Promise<void> = async () => undefined,
): Promise<App> {
  const app = await startApp(env, logger, http);
  logger.info({ url: app.url, role: env.SYNC_ROLE }, 'Layer identity-graph API listening');
  onSignal(logger, async () => {
    await app.close();
    await onStop();
  });
  return app;
}

/** Starts a sync worker (SYNC_ROLE=worker, ADR 0012) with the same graceful shutdown. */
export async function serveWorker(env: Env, logger: Logger, onStop: () => Promise<void> = async () => undefined): Promise<Worker> {
  const worker = await startWorker(env, logger);
  logger.info({ url: worker.url, role: env.SYNC_ROLE }, 'Layer sync worker listening');
  onSignal(logger, async () => {
    await worker.close();
    await onStop();
  });
  return worker;
}

/** A shutdown that hangs is cut off before the orchestrator's kill (25 s of its usual 30). */
function onSignal(logger: Logger, close: () => Promise<void>): void {
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'Shutting down');
    setTimeout(() => {
      logger.error('Shutdown took longer than 25 s; exiting anyway');
      process.exit(1);
    }, 25_000).unref();
    await close();
    logger.info('Shut down cleanly');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
