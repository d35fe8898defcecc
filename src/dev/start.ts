import 'reflect-metadata';
import { ConfigError, loadEnv } from '../config/env';
import { loadDemoSettings } from './demo-settings';
import { createLogger } from '../lib/logger';
import { LOOPBACK_HOST } from '../lib/loopback';
import { serve, serveWorker } from '../serve';
import { connectDemoWorkspace, demoBanner, demoToken, startDemoEnvironment } from './demo';
import { startLocalNeo4j } from './local-neo4j';

/**
 * `npm start`: the offline demo when nothing is configured (LAYER_DEMO), else the server from the environment.
 * Either way, with NEO4J_URI unset it runs the project's local Neo4j (scripts/neo4j-local.js), saying once
 * that production should set NEO4J_URI. The Docker image runs src/main.ts instead, which has none of this.
 */
async function main(): Promise<void> {
  const settings = loadDemoSettings();
  const local = settings.NEO4J_URI ? null : await startLocalNeo4j();
  const neo4jUri = settings.NEO4J_URI ?? local!.uri;
  // The demo serves an admin's JWT: it stays on this machine unless HOST says otherwise.
  const demoHost = settings.HOST ?? LOOPBACK_HOST;
  const demo = settings.enabled
    ? await startDemoEnvironment(settings.PORT, {
        standinPort: settings.NOTION_SANDBOX_PORT,
        standinHost: settings.NOTION_SANDBOX_HOST ?? demoHost,
        standinPublicUrl: settings.NOTION_SANDBOX_PUBLIC_URL,
        googlePort: settings.GOOGLE_SANDBOX_PORT,
        googlePublicUrl: settings.GOOGLE_SANDBOX_PUBLIC_URL,
        entraPort: settings.MICROSOFT_SANDBOX_PORT,
        slackPort: settings.SLACK_SANDBOX_PORT,
        githubPort: settings.GITHUB_SANDBOX_PORT,
      })
    : null;
  const env = loadEnv({ ...process.env, ...demo?.env, ...(demo ? { HOST: demoHost } : {}), NEO4J_URI: neo4jUri });
  const logger = createLogger(env.LOG_LEVEL, undefined, env.LOG_FORMAT === 'pretty');
  if (local) logger.warn({ neo4jUri }, 'NEO4J_URI is unset: using the local Neo4j under .data/; production should set NEO4J_URI');
  if (env.SYNC_ROLE === 'worker' && !demo) {
    await serveWorker(env, logger, async () => local?.stop());
    return;
  }
  // The demo always sets AUTH_JWT_SECRET (src/dev/demo.ts).
  const token = demo ? await demoToken(env.AUTH_JWT_SECRET!) : null;
  const http =
    demo && token
      ? {
          playgroundHeaders: { Authorization: `Bearer ${token}` },
          playgroundHints: { appId: demo.workspace.id, email: demo.workspace.members[1].email ?? undefined },
        }
      : {};
  const app = await serve(env, logger, http, async () => {
    await demo?.stop();
    await local?.stop();
  });
  if (demo && token) {
    await connectDemoWorkspace(app, demo);
    process.stdout.write(demoBanner(app.url, env.NEO4J_URI, token, demo));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : (err as Error).stack}\n`);
  process.exit(1);
});
