import { type App, startApp } from './app';
import type { Env } from './config/env';
import type { Logger } from './lib/logger';
import type { HttpOptions } from './server';

/**
 * Starts the service and shuts it down gracefully on SIGINT/SIGTERM: stop the schedule, end runs under way
 * cleanly (FAILED, nothing removed, lease released), drain HTTP requests, close the driver, then `onStop`
 * (the demo's stand-ins and local Neo4j). A shutdown that hangs is cut off before the orchestrator's kill.
 */
export async function serve(
  env: Env,
  logger: Logger,
  http: HttpOptions = {},
  onStop: () => Promise<void> = async () => undefined,
): Promise<App> {
  const app = await startApp(env, logger, http);
  logger.info({ url: app.url }, 'Layer identity-graph API listening');
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'Shutting down');
    setTimeout(() => {
      logger.error('Shutdown took longer than 25 s; exiting anyway');
      process.exit(1);
    }, 25_000).unref();
    await app.close();
    await onStop();
    logger.info('Shut down cleanly');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return app;
}
