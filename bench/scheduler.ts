import { UNSEEN } from '../src/graph/graph';
import { benchEnv, connect, type Db, startBenchApp } from './lib/services';
import { startStandinProcess } from './lib/standin';
import { seconds } from './lib/stats';

/**
 * Many small workspaces on one firing of the cron: `workspaces` × `members`, Notion at 3 requests/s per
 * workspace (429 past it), the connector's pacer at 3/s and its default concurrency. Each firing is
 * a request for every connection, which the sync loop claims SYNC_CONCURRENCY at a time (ADR 0015). Returns, per firing: wall time, runs that succeeded,
 * the most Notion requests in flight at once and the 429s Notion sent.
 */
export async function schedulerFirings(db: Db, workspaces: number, members: number, firings: number) {
  const notion = await startStandinProcess({ requestsPerSecond: 3 });
  const app = await startBenchApp(benchEnv(db.uri, notion.url, { NOTION_REQUESTS_PER_SECOND: '3' }));
  const out: { seconds: number; succeeded: number; peakInFlight: number; rateLimited: number }[] = [];
  try {
    const tenant = `scheduler-${Date.now()}`;
    // The figure asks for every CONNECTED connection in the database: only this figure's workspaces may be.
    await app.graph.write(
      `MATCH (c:Connection {status: 'CONNECTED'}) WHERE NOT c.tenantId STARTS WITH $tenant SET c.status = 'DISCONNECTED'`,
      { tenant },
      UNSEEN,
    ); // no API reads here
    const ids: string[] = [];
    for (let i = 0; i < workspaces; i++) ids.push((await notion.seedWorkspace({ name: `Sched ${i} ${tenant}`, persons: members })).id);
    // Connecting runs each workspace's first sync; 20 connections at a time, then wait for them all.
    for (let i = 0; i < ids.length; i += 20)
      await Promise.all(ids.slice(i, i + 20).map((id) => connect(app, notion, `${tenant}-${id}`, id)));
    await app.sync.idle();
    for (let f = 0; f < firings; f++) {
      await notion.resetStats();
      const t = performance.now();
      const connections = await app.services.connections.listSyncable();
      await Promise.all(connections.map((c) => app.sync.request(c, 'schedule')));
      await app.sync.idle();
      const runs = [...(await app.services.runs.latestFor(connections.map((c) => c.id))).values()];
      const s = seconds(t);
      const stats = await notion.stats();
      out.push({
        seconds: s,
        succeeded: runs.filter((r) => r.status === 'SUCCEEDED').length,
        peakInFlight: stats.peakInFlight,
        rateLimited: stats.rateLimited,
      });
    }
  } finally {
    await app.close();
    await notion.close();
  }
  return out;
}
