import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, execute, parse } from 'graphql';
import neo4j, { type Driver } from 'neo4j-driver';
import { bearerFor, measure, queries, queryData, seedApiData } from './api';
import { benchEnv, benchRawEnv, type Db, startBenchApp, startDb, startServerProcess } from './lib/services';
import { startStandinProcess } from './lib/standin';
import { captureReads, type Statement } from './lib/statements';
import { nativeStacks } from './lib/stacks';
import { summarize } from './lib/stats';

/**
 * Issue 23's floors for an uncached page (`npm run bench:floors [-- --users 100000 --seconds 10 --runs 3]`), in one run:
 * - ours: the server (response cache off, SYNC_ROLE=api) in its own process, 16 autocannon connections;
 * - floor (a): the Bolt statements that page runs (captured from the server's code), run directly through
 *   neo4j-driver by 16 concurrent loops in this process, each loop a page (its statements in order as auto-commit
 *   reads in one session, every record decoded);
 * - floor (b): the same GraphQL query executed by graphql-js over the page's own answer as plain objects (the
 *   committed SDL, default resolvers), with JSON.stringify of the result: no I/O, one thread, one after another.
 * Prints each figure next to both floors, and the server's CPU time per request (its process's user + system time
 * over the requests of a round: robust to the machine's noise, unlike throughput). Both this process (floor (a))
 * and the server format stack traces natively, as production does (bench/lib/stacks.ts). Rounds alternate ours
 * and floor (a), after one untimed round of each.
 */
const argOf = (name: string, d: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : d);
const log = (s: string) => process.stderr.write(`[floors ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
const CONNECTIONS = 16;

async function main() {
  nativeStacks();
  const users = argOf('--users', 100_000);
  const seconds = argOf('--seconds', 10);
  const runs = argOf('--runs', 3);
  const db = await startDb('.data/neo4j-floors');
  const notion = await startStandinProcess();
  const app = await startBenchApp(benchEnv(db.uri, notion.url));
  const captureEnv = benchEnv(db.uri, notion.url, { API_RESPONSE_CACHE_SECONDS: '0', SYNC_ROLE: 'api' });
  const capture = await startBenchApp(captureEnv);
  const raw = benchRawEnv(db.uri, notion.url, { API_RESPONSE_CACHE_SECONDS: '0', SYNC_ROLE: 'api' });
  const server = await startServerProcess(path.join(__dirname, '..'), raw);
  const driver = neo4j.driver(db.uri, neo4j.auth.basic('neo4j', 'neo4j'), { disableLosslessIntegers: true });
  const out: string[] = [];
  try {
    log(`seeding ${users} users over 3 workspaces`);
    const seeded = await seedApiData(app, notion, users);
    const q = queries(seeded.tenantId, seeded.workspaceName).ours;
    const serverHeaders = await bearerFor(raw.AUTH_JWT_SECRET, seeded.tenantId);
    const captureHeaders = await bearerFor(captureEnv.AUTH_JWT_SECRET!, seeded.tenantId, captureEnv.AUTH_TENANT_CLAIM);
    const sdl = buildSchema(readFileSync(path.join(__dirname, '../schema/schema.graphql'), 'utf8'));
    out.push(
      `Uncached pages, ${users} users, ${CONNECTIONS} connections × ${seconds} s, ${runs} rounds (${new Date().toISOString()})`,
      '',
      '| page | ours req/s | ours p50 / p99 ms | ours CPU µs/request: server / Neo4j | floor (a) Bolt direct pages/s | (a) p50 / p99 ms | (a) CPU µs/page: driver / Neo4j | ours ÷ (a) | floor (b) graphql-js, no I/O, execs/s | ours ÷ (b) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const which of ['users', 'members'] as const) {
      const body = q[which];
      const data = await queryData(`${server.url}/graphql`, serverHeaders, body);
      // A page as it runs once warm (what is reused across requests, e.g. an app's sizes, is not read again).
      await queryData(`${capture.url}/graphql`, captureHeaders, body);
      const statements = await captureReads([capture.graph, capture.graph.api], () =>
        queryData(`${capture.url}/graphql`, captureHeaders, body),
      );
      log(`${which}: ${statements.length} statements per page, answer ${JSON.stringify(data).length} bytes`);
      // One untimed round of each first: Neo4j's and Node's JIT (the rounds rose 2× without it).
      await measure(`${server.url}/graphql`, serverHeaders, body, seconds);
      await boltFloor(driver, statements, seconds);
      const ours: { rps: number; p50: number; p99: number; cpu: number; dbCpu: number }[] = [];
      const floorA: { rps: number; p50: number; p99: number; cpu: number; dbCpu: number }[] = [];
      for (let r = 0; r < runs; r++) {
        const cpu0 = await server.cpuMicros();
        const db0 = db.cpuMicros() ?? NaN;
        const o = await measure(`${server.url}/graphql`, serverHeaders, body, seconds);
        const cpu = ((await server.cpuMicros()) - cpu0) / Math.max(1, o.total);
        const dbCpu = ((db.cpuMicros() ?? NaN) - db0) / Math.max(1, o.total);
        if (o.non2xx || o.errors) log(`  ours: non-2xx ${o.non2xx}, errors ${o.errors}`);
        const a = await boltFloor(driver, statements, seconds, db);
        ours.push({ ...o, cpu, dbCpu });
        floorA.push(a);
        log(
          `  ${which}: ours ${Math.round(o.rps)}/s p99 ${o.p99} ms, CPU per request: server ${Math.round(cpu)} µs, Neo4j ${Math.round(dbCpu)} µs; ` +
            `floor (a) ${Math.round(a.rps)}/s p99 ${a.p99} ms, CPU per page: driver ${Math.round(a.cpu)} µs, Neo4j ${Math.round(a.dbCpu)} µs`,
        );
      }
      const b = graphqlFloor(sdl, body, data, seconds);
      log(`  ${which}: floor (b) ${Math.round(b)} executions/s`);
      const med = (xs: number[]) => summarize(xs).median;
      const oRps = med(ours.map((x) => x.rps));
      const aRps = med(floorA.map((x) => x.rps));
      const us = (xs: number[]) => Math.round(med(xs));
      out.push(
        `| ${which} | ${Math.round(oRps)} | ${med(ours.map((x) => x.p50))} / ${med(ours.map((x) => x.p99))} | ${us(ours.map((x) => x.cpu))} / ${us(ours.map((x) => x.dbCpu))} | ${Math.round(aRps)} | ` +
          `${med(floorA.map((x) => x.p50))} / ${med(floorA.map((x) => x.p99))} | ${us(floorA.map((x) => x.cpu))} / ${us(floorA.map((x) => x.dbCpu))} | ${med(ours.map((x, i) => x.rps / floorA[i].rps)).toFixed(2)} × | ` +
          `${Math.round(b)} | ${(oRps / b).toFixed(3)} × |`,
      );
    }
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await driver.close();
    await server.close();
    await capture.close();
    await app.close();
    await notion.close();
    await db.stop();
  }
}

/** Floor (a): `CONNECTIONS` loops, each running a page's statements in order and decoding every record, for `seconds`. */
async function boltFloor(driver: Driver, statements: Statement[], seconds: number, db?: Db) {
  const latencies: number[] = [];
  const cpu0 = process.cpuUsage();
  const db0 = db?.cpuMicros() ?? NaN;
  const until = performance.now() + seconds * 1000;
  const loop = async () => {
    while (performance.now() < until) {
      const t = performance.now();
      // Auto-commit reads in a session, as the server reads (ADR 0010 second amendment, decision 4: ~2.5× the
      // queries/s of managed transactions here), so the floor is the fastest way the driver has.
      const session = driver.session({ defaultAccessMode: neo4j.session.READ });
      try {
        for (const s of statements) for (const rec of (await session.run(s.cypher, s.params)).records) rec.toObject();
      } finally {
        await session.close();
      }
      latencies.push(performance.now() - t);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((x, y) => x - y);
  const at = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
  const cpu = process.cpuUsage(cpu0);
  const pages = Math.max(1, latencies.length);
  return {
    rps: latencies.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    // This process's CPU (the driver's work; the idle apps in this process add next to nothing) and Neo4j's, per page.
    cpu: (cpu.user + cpu.system) / pages,
    dbCpu: ((db?.cpuMicros() ?? NaN) - db0) / pages,
  };
}

/** Floor (b): executions per second of the query over its own answer as plain objects, serialised as the server would. */
function graphqlFloor(
  schema: ReturnType<typeof buildSchema>,
  body: { query: string; variables?: Record<string, unknown> },
  data: Record<string, unknown>,
  seconds: number,
) {
  const document = parse(body.query);
  let n = 0;
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  while (performance.now() < until) {
    const result = execute({ schema, document, rootValue: data, variableValues: body.variables });
    if ('then' in result || result.errors) throw new Error(`floor (b) failed: ${JSON.stringify((result as { errors?: unknown }).errors)}`);
    JSON.stringify(result);
    n++;
  }
  return n / ((performance.now() - t0) / 1000);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
