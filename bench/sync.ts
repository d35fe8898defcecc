import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { startApp } from '../src/app';
import { loadEnv } from '../src/config/env';
import { startNotionSandbox } from '../src/dev/notion-standin';
import { createLogger } from '../src/lib/logger';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureBuilt, startNeo4j } = require('../scripts/neo4j-local.js');

/** First-sync and re-sync wall time for seeded workspaces, end to end (stand-in → SDK → Neo4j over Bolt). */
async function main() {
  const quick = process.argv.includes('--quick');
  const sizes = quick ? [2_000] : [2_000, 10_000, 50_000];
  ensureBuilt();
  const neo4j = process.env.NEO4J_URI ? null : await startNeo4j({ port: 0, dataDir: '.data/neo4j-bench', fresh: true });
  const notion = await startNotionSandbox({ clientId: 'bench', clientSecret: 'bench-secret' });
  const env = loadEnv({
    NEO4J_URI: process.env.NEO4J_URI ?? neo4j.uri,
    PORT: '0',
    HOST: '127.0.0.1',
    NOTION_CLIENT_ID: 'bench',
    NOTION_CLIENT_SECRET: 'bench-secret',
    NOTION_REDIRECT_URI: 'http://127.0.0.1/cb',
    NOTION_API_BASE_URL: notion.url,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
    SYNC_ENABLED: 'false',
    LOG_LEVEL: 'warn',
  });
  const app = await startApp(env, createLogger('warn'));
  const rows: string[] = ['| members | first sync (s) | members/s | re-sync (s) |', '| ---: | ---: | ---: | ---: |'];
  for (const n of sizes) {
    const tenant = `bench-${n}-${Date.now()}`;
    const ws = notion.seedWorkspace({ name: `Bench ${n}`, persons: n });
    const svc = app.services.connectionService;
    const auth = await svc.connect(tenant);
    let t = performance.now();
    const connection = await svc.complete(tenant, notion.authorize({ workspaceId: ws.id, redirectUri: 'http://127.0.0.1/cb' }), auth.state);
    await app.sync.idle();
    const first = (performance.now() - t) / 1000;
    t = performance.now();
    await (await app.sync.start(connection, 'manual')).done;
    const again = (performance.now() - t) / 1000;
    rows.push(`| ${n} | ${first.toFixed(2)} | ${Math.round(n / first)} | ${again.toFixed(2)} |`);
  }
  process.stdout.write(rows.join('\n') + '\n');
  await app.close();
  await notion.close();
  await neo4j?.stop();
}
void main();
