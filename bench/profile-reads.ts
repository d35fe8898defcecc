import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import neo4j from 'neo4j-driver';
import { checkQuery, measure, ourTarget, queries, seedApiData } from './api';
import { allocations, categorize, type CpuProfile, type ProfileSplit, type SamplingHeapProfile } from './lib/cpu-profile';
import { benchEnv, startBenchApp, startDb } from './lib/services';
import { startStandinProcess } from './lib/standin';
import { nativeStacks } from './lib/stacks';
import { captureReads, profileStatement, type Statement } from './lib/statements';
import { firstSync } from './sync-throughput';

/**
 * The read path's profile (ADR 0010): `npm run bench:profile [-- --users 100000 --seconds 15]`.
 * 1. Event-loop delay of this process during a warm 50k first sync.
 * 2. For `users(first: 50)` and `workspace.members(first: 50)` with the response cache off: a V8 CPU profile of
 *    the server (this process) under autocannon (a child process), split by where the time goes; and Neo4j's
 *    PROFILE of each statement one request runs (db hits, rows).
 * Profiles are written to .data/profiles/ (open them in Chrome DevTools). Run it with NODE_ENV=production, as the
 * server runs (graphql-js's development checks cost ~0.2 ms per page otherwise); stacks are formatted natively.
 */
const argOf = (name: string, d: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : d);
const log = (s: string) => process.stderr.write(`[profile ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

async function main() {
  nativeStacks();
  const users = argOf('--users', 100_000);
  const seconds = argOf('--seconds', 15);
  const syncSize = argOf('--sync', 50_000);
  const outDir = path.join(__dirname, '../.data/profiles');
  mkdirSync(outDir, { recursive: true });
  const db = await startDb('.data/neo4j-profile');
  const notion = await startStandinProcess();
  const env = benchEnv(db.uri, notion.url, { API_RESPONSE_CACHE_SECONDS: '0' });
  const app = await startBenchApp(env);
  const report: string[] = [];
  try {
    // `--sync 0` skips this part (profiles only the reads).
    if (syncSize > 0) await eventLoopDuringSync(app, notion, syncSize, report);

    log(`seeding ${users} users over 3 workspaces`);
    const seeded = await seedApiData(app, notion, users);
    const q = queries(seeded.tenantId, seeded.workspaceName).ours;
    const target = await ourTarget(app, env, seeded.tenantId);
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    for (const which of ['users', 'members'] as const) {
      const statements = await captureReads([app.graph, app.graph.api], () => checkQuery(target.url, target.headers, q[which]));
      for (const s of statements) report.push(`PROFILE (${which}) ${await profileLine(db.uri, s)}`);
      await measure(target.url, target.headers, q[which], 5); // warm-up
      await session.post('Profiler.start');
      const res = await measure(target.url, target.headers, q[which], seconds);
      const { profile } = await session.post('Profiler.stop');
      const file = path.join(outDir, `${which}-uncached-${Date.now()}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      report.push(
        `${which}: ${Math.round(res.rps)} req/s, p50 ${res.p50} ms, p99 ${res.p99} ms (16 connections, ${seconds} s, cache off); profile ${path.relative(process.cwd(), file)}`,
      );
      report.push(formatSplit(categorize(profile as CpuProfile), res.total));
      log(report.at(-2)!);
      // What each request allocates (what GC then collects), from V8's sampling heap profiler.
      await session.post('HeapProfiler.enable');
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: 4096,
        // Every allocation, not only what is still alive when sampling stops: GC's work is what was collected.
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
      const heapRun = await measure(target.url, target.headers, q[which], Math.min(seconds, 5));
      const { profile: heap } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(file.replace(/\.cpuprofile$/, '.heapprofile'), JSON.stringify(heap));
      report.push(formatAllocations(heap as SamplingHeapProfile, heapRun.total));
    }
    session.disconnect();
  } finally {
    await app.close();
    await notion.close();
    await db.stop();
  }
  process.stdout.write(report.join('\n') + '\n');
}

/** Event-loop delay of this process (the server's) during a warm first sync of `n` members. */
async function eventLoopDuringSync(
  app: Awaited<ReturnType<typeof startBenchApp>>,
  notion: Awaited<ReturnType<typeof startStandinProcess>>,
  n: number,
  report: string[],
) {
  log(`warm-up: an untimed first sync of ${n}`);
  await firstSync(app, notion, n, 'warm');
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const run = await firstSync(app, notion, n, 'eld');
  delay.disable();
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  report.push(
    `Event-loop delay during a warm ${n} first sync (${run.seconds.toFixed(1)} s, ${Math.round(run.rate)} members/s): ` +
      `p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms`,
  );
  log(report.at(-1)!);
}

/** One statement's PROFILE as a report line. */
async function profileLine(uri: string, s: Statement): Promise<string> {
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'neo4j'));
  try {
    const p = await profileStatement(driver, s);
    return `${s.cypher.replace(/\s+/g, ' ').slice(0, 90)}… — db hits ${p.hits}, rows ${p.rows}, ${p.ms} ms; operators (dbHits/rows): ${p.operators.join(', ')}`;
  } finally {
    await driver.close();
  }
}

function formatSplit(split: ProfileSplit, requests: number): string {
  const busy = split.totalMs - (split.byCategory.idle ?? 0);
  const lines = Object.entries(split.byCategory)
    .sort((a, b) => b[1] - a[1])
    .map(
      ([k, v]) =>
        `  ${k.padEnd(34)} ${v.toFixed(0).padStart(6)} ms  ${((100 * v) / busy).toFixed(1).padStart(5)} % of busy  ${((1000 * v) / requests).toFixed(0).padStart(5)} µs/request`,
    );
  const top = split.topFunctions.map((f) => `    ${f.ms.toFixed(0).padStart(6)} ms ${f.name}`).join('\n');
  return `  busy ${busy.toFixed(0)} ms of ${split.totalMs.toFixed(0)} ms sampled, ${requests} requests, ${((1000 * busy) / requests).toFixed(0)} µs of Node CPU per request\n${lines.join('\n')}\n  top self-time functions:\n${top}`;
}

function formatAllocations(heap: SamplingHeapProfile, requests: number): string {
  const { byCategory, topFunctions } = allocations(heap);
  const kb = (bytes: number) => (bytes / requests / 1024).toFixed(1).padStart(7);
  const total = Object.values(byCategory).reduce((a, b) => a + b, 0);
  const lines = Object.entries(byCategory)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `  ${k.padEnd(34)} ${kb(v)} KiB/request`);
  const top = topFunctions.map((f) => `    ${kb(f.bytes)} KiB/request ${f.name}`).join('\n');
  return `  allocated ${kb(total)} KiB per request (sampled), by layer:\n${lines.join('\n')}\n  top allocating functions:\n${top}`;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`profile failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
