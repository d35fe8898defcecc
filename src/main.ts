import 'reflect-metadata';
import { startApp } from './app';
import { ConfigError, loadDemoSettings, loadEnv } from './config/env';
import { connectDemoWorkspace, demoToken, startDemoEnvironment } from './dev/demo';
import { createLogger } from './lib/logger';
import { startWorker } from './worker';

/** The only file that wires the process: production from the environment, or the offline demo. */
async function main(): Promise<void> {
  const settings = loadDemoSettings();
  const demo = settings.enabled
    ? await startDemoEnvironment(settings.PORT, {
        neo4jUri: settings.NEO4J_URI,
        standinPort: settings.NOTION_SANDBOX_PORT,
        standinHost: settings.NOTION_SANDBOX_HOST,
        standinPublicUrl: settings.NOTION_SANDBOX_PUBLIC_URL,
      })
    : null;
  const env = loadEnv(demo ? { ...process.env, ...demo.env } : process.env);
  const logger = createLogger(env.LOG_LEVEL, undefined, env.LOG_FORMAT === 'pretty');
  if (env.SYNC_ROLE === 'worker' && !demo) {
    const worker = await startWorker(env, logger);
    logger.info({ url: worker.url }, 'Layer sync worker listening');
    onSignal(logger, () => worker.close());
    return;
  }
  const token = demo ? await demoToken(env.AUTH_JWT_SECRET) : null;
  const app = await startApp(
    env,
    logger,
    demo && token
      ? { playgroundHeaders: { Authorization: `Bearer ${token}` }, playgroundHints: { appId: demo.workspace.id, email: demo.workspace.members[1].email ?? undefined } }
      : {},
  );
  logger.info({ url: app.url }, 'Layer identity-graph API listening');

  if (demo) {
    await connectDemoWorkspace(app, demo);
    process.stdout.write(
      [
        '',
        'Offline demo is running: local Neo4j, the Notion stand-in with workspace "Acme Corp", and the API.',
        `  Playground:      ${app.url}/graphiql  (the demo JWT is pre-filled)`,
        `  GraphQL:         ${app.url}/graphql`,
        `  Notion stand-in: ${demo.notion.url}  (consent page: ${demo.env.NOTION_AUTHORIZE_URL})`,
        `  Neo4j (Bolt):    ${env.NEO4J_URI}`,
        `  Authorization:   Bearer ${token}`,
        '',
        `Try: curl -s ${app.url}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${token}' \\`,
        `       -d '{"query":"{ connections { status lastSync { status usersUpserted } } workspaces { name memberCount } }"}'`,
        '',
      ].join('\n'),
    );
  }

  onSignal(logger, async () => {
    await app.close();
    await demo?.stop();
  });
}

/**
 * Graceful shutdown: stop the schedule, end runs under way cleanly (FAILED, nothing removed, lease released),
 * drain HTTP requests, close the driver. A shutdown that hangs is cut off before the orchestrator's kill.
 */
function onSignal(logger: ReturnType<typeof createLogger>, close: () => Promise<void>): void {
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

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : (err as Error).stack}\n`);
  process.exit(1);
});
