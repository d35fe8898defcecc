import { checkQuery, ourTarget, queries, seedApiData, startNeo4jGraphql } from './api';
import { benchEnv, startBenchApp, startDb } from './lib/services';
import { startStandinProcess } from './lib/standin';

async function main() {
  const db = await startDb();
  const notion = await startStandinProcess();
  const env = benchEnv(db.uri, notion.url);
  const app = await startBenchApp(env);
  const seeded = await seedApiData(app, notion, Number(process.argv[2] ?? 100000));
  const neo = await startNeo4jGraphql(db.uri);
  const q = queries(seeded.tenantId, seeded.workspaceName);
  const ours = await ourTarget(app, env, seeded.tenantId);
  const d = app.graph.driver as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const orig = d.executeQuery.bind(d);
  const seen = new Map<string, Record<string, unknown>>();
  d.executeQuery = async (...a: unknown[]) => {
    const t = performance.now();
    const r = await orig(...a);
    console.log(`  ${(performance.now() - t).toFixed(1)} ms: ${String(a[0]).replace(/\s+/g, ' ').slice(0, 100)}`);
    seen.set(String(a[0]), a[1] as Record<string, unknown>);
    return r;
  };
  for (const which of ['users', 'members'] as const) {
    for (let i = 0; i < 4; i++) {
      let t = performance.now();
      await checkQuery(ours.url, ours.headers, q.ours[which]);
      const a = performance.now() - t;
      t = performance.now();
      await checkQuery(neo.url, {}, q.theirs[which]);
      console.log(`${which}: ours ${a.toFixed(1)} ms, theirs ${(performance.now() - t).toFixed(1)} ms`);
    }
  }
  const s = app.graph.driver.session();
  for (const [cy, params] of seen) {
    const r = await s.run('PROFILE ' + cy, params);
    const walk = (p: { operatorType: string; dbHits: number; rows: number; children: unknown[]; arguments: Record<string, unknown> }, dd = 0): string =>
      '  '.repeat(dd) + `${p.operatorType} rows=${p.rows} hits=${p.dbHits} ${String(p.arguments.Details ?? '').slice(0, 90)}\n` + p.children.map((c) => walk(c as never, dd + 1)).join('');
    console.log(cy.replace(/\s+/g, ' ').slice(0, 150));
    console.log(walk(r.summary.profile as never));
  }
  await s.close();
  await neo.close();
  await app.close();
  await notion.close();
  await db.stop();
}
void main();
