import { benchEnv, connect, type Db, startBenchApp } from './lib/services';
import { startStandinProcess } from './lib/standin';
import { seconds } from './lib/stats';

/**
 * Notion at its published rate (3 requests/s per workspace, 429 + Retry-After past it) and the connector's
 * own pacer at the same rate: a first sync of `n` members. Returns wall seconds, the bound (pages / 3 s)
 * and the 429s Notion sent.
 */
export async function throttledSync(db: Db, n: number, runs: number) {
  const notion = await startStandinProcess({ requestsPerSecond: 3 });
  const app = await startBenchApp(benchEnv(db.uri, notion.url, { NOTION_REQUESTS_PER_SECOND: '3' }));
  const out: { seconds: number; rateLimited: number; requests: number }[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const ws = await notion.seedWorkspace({ name: `throttled ${n} ${i}`, persons: n });
      await notion.resetStats();
      const t = performance.now();
      const connection = await connect(app, notion, `throttled-${ws.id}`, ws.id);
      await app.sync.idle();
      const s = seconds(t);
      const run = (await app.services.runs.latestFor([connection.id])).get(connection.id);
      if (run?.status !== 'SUCCEEDED' || run.accountsWritten !== n) throw new Error(`throttled sync: ${run?.status} ${run?.error ?? ''}`);
      const stats = await notion.stats();
      out.push({ seconds: s, rateLimited: stats.rateLimited, requests: 0 });
    }
  } finally {
    await app.close();
    await notion.close();
  }
  return { runs: out, bound: Math.ceil(n / 100) / 3 };
}
