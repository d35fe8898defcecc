import 'reflect-metadata';
import neo4j from 'neo4j-driver';
import { checkQuery, ourTarget } from './api';
import { MIX_NAMES, mixedQueries } from './lib/load-queries';
import { benchEnv, startBenchApp, startDb } from './lib/services';
import { captureReads, profileStatement } from './lib/statements';

/**
 * Where each of the load test's eight queries spends Neo4j's work (ADR 0010, second amendment):
 * `npm run bench:profile-load` after `npm run load`, on the graph that run left in .data/neo4j-load (kept, not
 * wiped). For each query, with the response cache off and no sync running: the Cypher statements one request
 * runs, each `PROFILE`d (db hits, server time), and the request's serial latency over loopback.
 */
async function main() {
  const db = await startDb('.data/neo4j-load', { fresh: false });
  const driver = neo4j.driver(db.uri, neo4j.auth.basic('neo4j', 'neo4j'));
  try {
    const [t] = (await driver.executeQuery('MATCH (u:User) RETURN u.tenantId AS t ORDER BY u.firstSeen DESC LIMIT 1')).records;
    if (!t) throw new Error('no load-test graph in .data/neo4j-load: run `npm run load` first');
    const tenantId = t.get('t') as string;
    const [ids] = (
      await driver.executeQuery(
        `MATCH (w:SaaSApp {tenantId: $tenantId, name: 'Team 0'}) MATCH (c:Connection {tenantId: $tenantId})
         RETURN w.id AS appId, c.id AS connectionId LIMIT 1`,
        { tenantId },
      )
    ).records;
    // The app runs its start-up steps (constraints, migrations) on the leftover graph, as a new release would.
    const env = benchEnv(db.uri, 'http://127.0.0.1:9', { API_RESPONSE_CACHE_SECONDS: '0', SYNC_ROLE: 'api' });
    const app = await startBenchApp(env);
    try {
      const target = await ourTarget(app, env, tenantId);
      const queries = mixedQueries(ids.get('appId') as string, ids.get('connectionId') as string);
      process.stdout.write(
        `tenant ${tenantId}\n| query | statements | db hits | ms per request (serial, 5) |\n| --- | ---: | ---: | ---: |\n`,
      );
      for (const [i, body] of queries.entries()) {
        const seen = await captureReads([app.graph.api], () => checkQuery(target.url, target.headers, body));
        const started = performance.now();
        for (let k = 0; k < 5; k++) await checkQuery(target.url, target.headers, body);
        const ms = (performance.now() - started) / 5;
        const hits: number[] = [];
        for (const s of seen) hits.push((await profileStatement(driver, s)).hits);
        process.stdout.write(`| ${MIX_NAMES[i]} | ${seen.length} | ${hits.join(' + ')} | ${ms.toFixed(1)} |\n`);
      }
    } finally {
      await app.close();
    }
  } finally {
    await driver.close();
    await db.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`profile failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
