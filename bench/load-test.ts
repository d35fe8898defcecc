import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import type { SyncRunRecord } from '../src/runs/sync-run.model';
import { loadTest } from './lib/load';
import { MIX_NAMES, mixedQueries } from './lib/load-queries';
import { benchEnv, connect, startBenchApp, startDb } from './lib/services';
import { startStandinProcess } from './lib/standin';

/**
 * Issue 4's load test: `connections` autocannon clients for `seconds` of mixed GraphQL queries while a
 * 50k-member workspace syncs (its first sync, then re-syncs back to back, for the whole window). Loopback only,
 * bounded in time. Prints the result and writes it to docs/load-test.md (not with `--quick`, a 5-second smoke
 * run). Exits 1 on any socket error, timeout, non-2xx or GraphQL error, or a failed sync.
 */
async function main() {
  const quick = process.argv.includes('--quick');
  const seconds = quick ? 5 : 60;
  const connections = quick ? 8 : 64;
  const members = quick ? 5_000 : 50_000;

  const db = await startDb('.data/neo4j-load');
  const notion = await startStandinProcess();
  const env = benchEnv(db.uri, notion.url);
  const app = await startBenchApp(env);
  const tenant = `load-${Date.now()}`;
  try {
    // Something to read: the same 2,000 people in three workspaces.
    const small = [];
    for (const name of ['Team 0', 'Team 1', 'Team 2'])
      small.push(await notion.seedWorkspace({ name, persons: 2000, domain: 'load.example.com' }));
    for (const ws of small) await connect(app, notion, tenant, ws.id);
    await app.sync.idle();

    // The big one syncs for the whole window: its first sync, then re-syncs back to back.
    const big = await notion.seedWorkspace({ name: 'Big', persons: members });
    const bigConnection = await connect(app, notion, tenant, big.id);
    const runs: SyncRunRecord[] = [];
    let loading = true;
    const syncing = (async () => {
      await app.sync.idle();
      runs.push((await app.services.runs.page(tenant, bigConnection.id, 1, null)).runs[0]);
      for (let i = 0; loading && i < 200; i++) runs.push(await (await app.sync.start(bigConnection, 'manual')).done);
    })();

    const jwt = await new SignJWT({ tenant_id: tenant })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(env.AUTH_JWT_SECRET));
    const result = await loadTest(
      `${app.url}/graphql`,
      mixedQueries(small[0].id, bigConnection.id),
      { authorization: `Bearer ${jwt}` },
      connections,
      seconds,
    );
    loading = false;
    await syncing;

    const failedRuns = runs.filter((r) => r.status !== 'SUCCEEDED').length;
    const errors = result.errors + result.timeouts + result.non2xx + result.graphqlErrors;
    const lines = [
      `| figure | value |`,
      `| --- | ---: |`,
      `| clients × duration | ${connections} × ${seconds} s |`,
      `| requests | ${result.total.toLocaleString('en')} (${Math.round(result.rps)}/s) |`,
      `| latency p50 / p90 / p99 / max | ${result.p50} / ${result.p90} / ${result.p99} / ${result.max} ms |`,
      `| errors: socket, timeout, non-2xx, GraphQL | ${result.errors}, ${result.timeouts}, ${result.non2xx}, ${result.graphqlErrors} |`,
      `| ${members.toLocaleString('en')}-member syncs in the window (first + re-syncs) | ${runs.length}, ${failedRuns} not SUCCEEDED |`,
      ...(result.byBody ?? []).map(
        (b, i) => `| ${MIX_NAMES[i]}: requests, p50 / p99 | ${b.n.toLocaleString('en')}, ${b.p50} / ${b.p99} ms |`,
      ),
    ];
    process.stdout.write(`\n${lines.join('\n')}\n`);
    const windows = (result.byWindow ?? []).map((w, i) => `${i * 10}–${i * 10 + 10} s: ${w.n} req, p50 ${w.p50}, p99 ${w.p99} ms`);
    process.stdout.write(`by 10-s window: ${windows.join('; ')}\n`);
    const syncTimes = runs.map((r) =>
      r.finishedAt && r.startedAt ? ((new Date(r.finishedAt).getTime() - new Date(r.startedAt).getTime()) / 1000).toFixed(1) : '?',
    );
    process.stdout.write(`sync durations (s): ${syncTimes.join(', ')}\n`);
    if (result.firstErrors.length) process.stdout.write(`first errors:\n${result.firstErrors.join('\n')}\n`);
    if (!quick) writeReport(lines, connections, seconds);
    process.exitCode = errors === 0 && failedRuns === 0 ? 0 : 1;
  } finally {
    await app.close();
    await notion.close();
    await db.stop();
  }
}

function writeReport(lines: string[], connections: number, seconds: number) {
  const text = [
    '# Load test: the API under mixed queries while a 50k-member sync runs',
    '',
    `Last run: ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
    '',
    `Command: \`npm run load\` (bench/load-test.ts). ${connections} autocannon clients (in their own process) for ${seconds} s over`,
    "loopback cycle eight queries (users with accounts, a search, one user, apps, a workspace's members, connections,",
    'sync runs, membership changes) against one tenant holding three 2,000-member workspaces and a 50,000-member',
    'workspace that syncs for the whole window (first sync, then back-to-back re-syncs; unpaced,',
    '`NOTION_REQUESTS_PER_SECOND=0`, the stand-in in its own process) into the local Neo4j. The script exits 1 on any',
    'socket error, timeout, non-2xx, GraphQL error or failed sync. `npm run load -- --quick` is a 5-second smoke run.',
    '',
    ...lines,
    '',
  ].join('\n');
  writeFileSync(path.join(__dirname, '../docs/load-test.md'), text);
}

void main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
