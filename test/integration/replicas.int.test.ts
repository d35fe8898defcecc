import { connectWorkspace, memberEmails, syncNow } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';
import { ownNeo4j } from '../support/own-neo4j';
import { parse, type ServerProcess, startServerProcess } from '../support/server-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POSTs a GraphQL operation to a server process as the tenant. */
async function gqlAt(h: Harness, server: ServerProcess, tenant: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await h.token(tenant)}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data: any; errors?: unknown[] };
}

const messages = (server: ServerProcess) =>
  server.lines
    .map(parse)
    .filter(Boolean)
    .map((l) => String(l!.msg));

describe('graceful shutdown on SIGTERM', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('ends the run under way as FAILED, removes nothing, releases the lease, exits 0; the next run converges', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Shutdown', persons: 2000 });
    const id = await connectWorkspace(h, tenant, ws.id);
    const before = await memberEmails(h, tenant, ws.id);
    ws.members.splice(0, 10); // a complete run would remove ten

    // A separate API process, paced slowly so its run is still going when the signal comes.
    const server = await startServerProcess({ ...h.rawEnv, NOTION_REQUESTS_PER_SECOND: '4', LOG_LEVEL: 'info' });
    const sent = h.notion.requests.length;
    const started = await gqlAt(h, server, tenant, 'mutation($id: ID!) { syncConnection(connectionId: $id) { id: runId status } }', { id });
    expect(started.errors).toBeUndefined();
    const runId = started.data.syncConnection.id as string;
    while (h.notion.requests.slice(sent).filter((r) => r.path === '/v1/users').length < 3) await sleep(50);

    const signalled = Date.now();
    const code = await server.stop('SIGTERM');
    expect(code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(messages(server)).toEqual(expect.arrayContaining(['Shutting down', 'Shut down cleanly']));

    const [run] = await h.cypher<{ status: string; error: string; removed: number }>(
      'MATCH (r:SyncRun {id: $runId}) RETURN r.status AS status, r.error AS error, r.membershipsRemoved AS removed',
      { runId },
    );
    expect(run).toMatchObject({ status: 'FAILED', removed: 0 });
    expect(run.error).toMatch(/shut down (before the run finished|during the run)/); // the paging guard's words, or the run deadline's (issue 19)
    expect(await h.cypher('MATCH (c:Connection {id: $id}) RETURN c.leaseOwner AS owner', { id })).toEqual([{ owner: null }]);
    expect(await memberEmails(h, tenant, ws.id)).toEqual(before);

    const next = await syncNow(h, tenant, id);
    expect(next.lastSync).toMatchObject({ status: 'SUCCEEDED', membershipsRemoved: 10 });
  }, 120_000);
});

describe('two API processes on one Neo4j, both running the schedule', () => {
  it('syncs each connection once per window: one replica claims each run, the other finds it leased', async () => {
    const db = await ownNeo4j('replicas'); // its own database: the schedule syncs every connection in it
    const h = await startHarness({ NEO4J_URI: db.uri });
    const servers: ServerProcess[] = [];
    try {
      const tenant = newTenant();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++)
        ids.push(await connectWorkspace(h, tenant, h.notion.seedWorkspace({ name: `Replica ${i}`, persons: 150 }).id));

      // Five-second windows; each connection runs at its own slot in each (ADR 0012).
      const env = { ...h.rawEnv, SYNC_ENABLED: 'true', SYNC_CRON: '*/5 * * * * *', LOG_LEVEL: 'debug' };
      servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
      const bothUp = new Date();
      // Three scheduled runs of every connection after both replicas are up.
      const scheduled = (id: string) =>
        h.cypher<{ started: number; finished: number | null; status: string; owner: string }>(
          `MATCH (r:SyncRun {connectionId: $id, trigger: 'schedule'}) WHERE r.startedAt > datetime($since)
           RETURN r.startedAt.epochMillis AS started, r.finishedAt.epochMillis AS finished, r.status AS status, r.owner AS owner
           ORDER BY r.startedAt`,
          { id, since: bothUp.toISOString() },
        );
      const fewest = async () =>
        Math.min(...(await Promise.all(ids.map(async (id) => (await scheduled(id)).filter((r) => r.status === 'SUCCEEDED').length))));
      const deadline = Date.now() + 60_000;
      while ((await fewest()) < 3 && Date.now() < deadline) await sleep(250);
      expect(await fewest()).toBeGreaterThanOrEqual(3);
      for (const s of servers) expect(await s.stop('SIGTERM')).toBe(0);
      const windows = Math.ceil((Date.now() - bothUp.getTime()) / 5000) + 1;
      const owners = new Set<string>();
      // Each connection: at most one scheduled run per window, never two at once, whichever replica claimed it.
      for (const id of ids) {
        const runs = await scheduled(id);
        expect(runs.length).toBeLessThanOrEqual(windows);
        for (let i = 1; i < runs.length; i++) expect(runs[i].started).toBeGreaterThanOrEqual(runs[i - 1].finished!);
        for (const r of runs) owners.add(r.owner);
      }
      expect(owners.size).toBeGreaterThanOrEqual(1);
      expect(owners.size).toBeLessThanOrEqual(2);
    } finally {
      for (const s of servers) await s.stop('SIGKILL').catch(() => undefined);
      await h.close();
      await db.close().catch(() => undefined);
    }
  }, 180_000);
});
