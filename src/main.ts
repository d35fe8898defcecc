import 'reflect-metadata';
import { ConfigError, loadEnv } from './config/env';
import { createLogger } from './lib/logger';
import { serve, serveWorker } from './serve';

/**
 * The production entry (the Docker image's `node dist/main.js`): the service from the environment, nothing
 * else; SYNC_ROLE=worker (`npm run worker`) starts a sync worker instead of the API (ADR 0012). `npm start`
 * (src/dev/start.ts) adds the offline demo and the local Neo4j; no dev code ships here.
 */
async function main(): Promise<void> {
  const env = loadEnv(process.env);
  const logger = createLogger(env.LOG_LEVEL, undefined, env.LOG_FORMAT === 'pretty');
  if (env.SYNC_ROLE === 'worker') await serveWorker(env, logger);
  else await serve(env, logger);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : (err as Error).stack}\n`);
  process.exit(1);
});
