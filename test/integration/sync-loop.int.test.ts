import { randomUUID } from 'node:crypto';
import { STOPPED } from '../../src/sync/sync-queue.repository';
import { SyncSchedule, slotKey } from '../../src/sync/schedule-slots';
import { connectWorkspace } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';
import { ownNeo4j } from '../support/own-neo4j';
import { type ServerProcess, startServerProcess } from '../support/server-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SYNC = 'mutation($id: ID!) { syncConnection(connectionId: $id) { id: runId status } }';

interface RunRow {
  id: string;
  trigger: string;
  status: string;
  error: string | null;
  started: number;
  finished: number | null;
}

async function runsOf(h: Harness, id: string): Promise<RunRow[]> {
  return h.cypher<RunRow>(
    `MATCH (r:SyncRun {connectionId: $id})
     RETURN r.id AS id, r.trigger AS trigger, r.status AS status, r.error AS error,
            r.startedAt.epochMillis AS started, r.finishedAt.epochMillis AS finished ORDER BY r.startedAt`,
    { id },
  );
}

/** No two runs of one connection overlap: each starts after the one before it finished. */
function expectNoOverlap(runs: RunRow[]): void {
  for (let i = 1; i < runs.length; i++) expect(runs[i].started).toBeGreaterThanOrEqual(runs[i - 1].finished!);
}

/** The most runs under way at one moment. */
function peakOverlap(runs: RunRow[]): number {
  const edges = runs.flatMap((r) => [
    [r.started, 1],
    [r.finished!, -1],
  ]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, d] of edges) peak = Math.max(peak, (now += d));
  return peak;
}

async function eventually<T>(check: () => Promise<T>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value || Date.now() > deadline) return value;
    await sleep(100);
  }
}

describe('the sync loop (ADR 0015), two processes claiming on one Neo4j', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ NOTION_REQUESTS_PER_SECOND: '10' });
  });
  afterAll(() => h.close());

  it('never runs one connection twice at once under 20 concurrent syncConnection requests to two processes', async () => {
    const replica = await h.replica();
    try {
      const tenant = newTenant();
      const ws = h.notion.seedWorkspace({ name: 'Claimed', persons: 400 });
      const id = await connectWorkspace(h, tenant, ws.id);
      const token = await h.token(tenant);
      const answers = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const url = i % 2 ? replica.url : h.app.url;
          const res = await fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: SYNC, variables: { id } }),
          });
          return (await res.json()) as { data: { syncConnection: { id: string } }; errors?: unknown };
        }),
      );
      for (const a of answers) expect(a.errors).toBeUndefined();
      await h.app.sync.idle();
      const runs = await runsOf(h, id);
      const manual = runs.filter((r) => r.trigger === 'manual');
      // Every answer is a run that happened; the 20 requests were served by very few runs, one after another.
      expect(new Set(answers.map((a) => a.data.syncConnection.id)).size).toBeLessThanOrEqual(3);
      for (const a of answers) expect(manual.map((r) => r.id)).toContain(a.data.syncConnection.id);
      expect(manual.every((r) => r.status === 'SUCCEEDED')).toBe(true);
      expectNoOverlap(runs);
      expect(await h.cypher('MATCH (c:Connection {id: $id}) RETURN c.leaseOwner AS owner, c.requestedAt AS asked', { id })).toEqual([
        { owner: null, asked: null },
      ]);
    } finally {
      await replica.close();
    }
  }, 120_000);

  it('stops following a run another process holds once it is closed itself (its poll kept jest from exiting)', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Held elsewhere', persons: 3 });
    const id = await connectWorkspace(h, tenant, ws.id);
    // Another process holds the lease for an hour, its run under way.
    const held = { id, runId: randomUUID() };
    await h.app.graph.write(
      `MATCH (c:Connection {id: $id})
       CREATE (c)-[:HAS_RUN]->(:SyncRun {id: $runId, tenantId: c.tenantId, connectionId: c.id, status: 'RUNNING', trigger: 'manual',
                                         startedAt: datetime(), finishedAt: null, error: null, warning: null})
       SET c.leaseOwner = 'a-process-elsewhere', c.leaseRunId = $runId, c.leaseClaimedAt = datetime(),
           c.leaseExpiresAt = datetime() + duration('PT1H')`,
      held,
      { tenantId: tenant },
    );
    try {
      const replica = await h.replica();
      let followed!: Promise<{ status: string }>;
      try {
        const inFlight = await replica.sync.start((await replica.services.connections.get(tenant, id))!, 'manual');
        expect(inFlight.run.id).toBe(held.runId);
        followed = inFlight.done;
      } finally {
        await replica.close();
      }
      const outcome = await Promise.race([followed, sleep(3_000).then(() => ({ status: 'still polling after close' }))]);
      expect(outcome).toMatchObject({ status: 'RUNNING' });
    } finally {
      await h.app.graph.write(
        `MATCH (c:Connection {id: $id}) REMOVE c.leaseOwner, c.leaseRunId, c.leaseClaimedAt, c.leaseExpiresAt
       WITH c MATCH (r:SyncRun {id: $runId}) SET r.status = 'FAILED', r.finishedAt = datetime()`,
        held,
        { tenantId: tenant },
      );
    }
  });

  it('runs requested syncs at most SYNC_CONCURRENCY (4) at once in a process', async () => {
    const tenant = newTenant();
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await connectWorkspace(h, tenant, h.notion.seedWorkspace({ name: `Busy ${i}`, persons: 500 }).id));
    const token = await h.token(tenant);
    await Promise.all(
      ids.map((id) =>
        fetch(`${h.app.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: SYNC, variables: { id } }),
        }),
      ),
    );
    await h.app.sync.idle();
    const manual = (await Promise.all(ids.map((id) => runsOf(h, id)))).flat().filter((r) => r.trigger === 'manual');
    expect(manual).toHaveLength(8);
    expect(manual.every((r) => r.status === 'SUCCEEDED')).toBe(true);
    expect(peakOverlap(manual)).toBeLessThanOrEqual(4);
    expect(peakOverlap(manual)).toBeGreaterThanOrEqual(2);
  }, 180_000);

  it("keeps a cached answer for the whole run, then shows the run's result at once", async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Snapshot', persons: 20 });
    const id = await connectWorkspace(h, tenant, ws.id);
    const COUNT = '{ users(first: 1) { totalCount } }';
    // 2,000 more members, read at 10 pages a second: a run of seconds that writes batch after batch.
    const more = h.notion.seedWorkspace({ name: 'More', persons: 2000 });
    ws.members.push(...more.members);
    const run = (await h.gql(SYNC, { id }, { tenant })).data.syncConnection;
    const during = (await h.gql(COUNT, {}, { tenant })).data.users.totalCount;
    let reads = 0;
    let written = 0;
    for (;;) {
      // The answer first, then the run's state: an answer read while the run was still RUNNING afterwards was read mid-run.
      const answer = (await h.gql(COUNT, {}, { tenant })).data.users.totalCount;
      const seen = await h.cypher<{ n: number }>('MATCH (:SaaSApp {id: $ws})<-[:MEMBER_OF]-(a) RETURN count(a) AS n', { ws: ws.id });
      const [r] = await h.cypher<{ status: string }>('MATCH (r:SyncRun {id: $id}) RETURN r.status AS status', { id: run.id });
      if (r.status !== 'RUNNING') break;
      written = Math.max(written, seen[0].n);
      expect(answer).toBe(during);
      reads++;
      await sleep(50);
    }
    // The graph changed under the cached answer while it was read (batches landed), and the answer did not.
    expect(reads).toBeGreaterThan(3);
    expect(written).toBeGreaterThan(during);
    await h.app.sync.idle();
    expect((await h.gql(COUNT, {}, { tenant })).data.users.totalCount).toBe(2020);
  }, 120_000);

  it("answers PROVIDER_NOT_CONFIGURED through the `all` role's thread, never INTERNAL", async () => {
    const tenant = newTenant();
    const id = `conn-${tenant}`;
    await h.app.graph.write(
      `CREATE (:Connection {id: $id, tenantId: $tenant, provider: 'absent', workspaceId: 'w', status: 'CONNECTED',
        memberAccess: 'UNKNOWN', createdAt: datetime(), updatedAt: datetime()})`,
      { id, tenant },
      { tenantId: tenant },
    );
    const res = await h.gql(SYNC, { id }, { tenant });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PROVIDER_NOT_CONFIGURED' });
    // Another tenant's id answers as a missing one, before anything else is looked at.
    const other = await h.gql(SYNC, { id }, { tenant: newTenant() });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('recovery after a process is killed mid-run', () => {
  it('another process closes the run FAILED ("the process running it stopped") and syncs again within the lease + one tick', async () => {
    // An api process asks; two workers with a 4-second lease claim. Worker A is killed with SIGKILL mid-run.
    const h = await startHarness({ SYNC_ROLE: 'api' });
    const env = { ...h.rawEnv, SYNC_ROLE: 'worker', SYNC_LEASE_SECONDS: '4', LOG_LEVEL: 'info' };
    const workers: ServerProcess[] = [];
    try {
      const tenant = newTenant();
      const ws = h.notion.seedWorkspace({ name: 'Killed', persons: 3000 });
      workers.push(await startServerProcess({ ...env, NOTION_REQUESTS_PER_SECOND: '2' }, 'Layer sync worker listening'));
      const started = await h.gql(`mutation { connectNotion { state } }`, {}, { tenant });
      const code = h.notion.authorize({ workspaceId: ws.id, capability: 'email', redirectUri: h.rawEnv.NOTION_REDIRECT_URI });
      const done = await h.gql(
        `mutation($code: String!, $state: String!) { completeNotionOAuth(code: $code, state: $state) { id: connectionId } }`,
        { code, state: started.data.connectNotion.state },
        { tenant },
      );
      const id = done.data.completeNotionOAuth.id as string;
      const first = await eventually(async () => (await runsOf(h, id))[0]);
      expect(first).toMatchObject({ trigger: 'connect', status: 'RUNNING' });
      // Worker B is up before A dies, so its loop is already ticking when A's lease runs out.
      workers.push(await startServerProcess(env, 'Layer sync worker listening'));
      const sent = h.notion.requests.length;
      // Two more pages fetched: A is mid-run (bounded, so a slow start fails here rather than spinning for ever).
      const paging = await eventually(async () => h.notion.requests.slice(sent).filter((r) => r.path === '/v1/users').length >= 2);
      expect(paging).toBe(true);
      const [lease] = await h.cypher<{ owner: string; runId: string }>(
        'MATCH (c:Connection {id: $id}) RETURN c.leaseOwner AS owner, c.leaseRunId AS runId',
        { id },
      );
      expect(lease.runId).toBe(first.id);

      await workers[0].stop('SIGKILL');
      const killed = Date.now();
      const again = await eventually(async () => (await runsOf(h, id)).find((r) => r.id !== first.id), 30_000);
      // Lease 4 s (the last heartbeat at most 1 s before the kill) + a 1 s tick, with 2 s for a loaded machine.
      expect(again!.started - killed).toBeLessThan(7_000);
      const [closed] = (await runsOf(h, id)).filter((r) => r.id === first.id);
      expect(closed).toMatchObject({ status: 'FAILED', error: STOPPED });
      expect(again).toMatchObject({ trigger: 'connect' });
      const finished = await eventually(async () => (await runsOf(h, id)).find((r) => r.id === again!.id && r.status !== 'RUNNING'));
      expect(finished).toMatchObject({ status: 'SUCCEEDED' });
      expect((await h.cypher<{ n: number }>('MATCH (:SaaSApp {id: $ws})<-[:MEMBER_OF]-(a) RETURN count(a) AS n', { ws: ws.id }))[0].n).toBe(
        3000,
      );
    } finally {
      for (const w of workers) await w.stop('SIGKILL').catch(() => undefined);
      await h.close();
    }
  }, 180_000);
});

describe('the spread schedule on the loop', () => {
  it('runs each connection at its own slot, once per window, on two processes, never two at once', async () => {
    const db = await ownNeo4j('loop-schedule'); // its own database: the schedule syncs every connection in it
    const cron = '*/6 * * * * *';
    const h = await startHarness({ NEO4J_URI: db.uri, SYNC_ENABLED: 'true', SYNC_CRON: cron });
    const replica = await h.replica();
    try {
      const tenant = newTenant();
      const ids: string[] = [];
      const workspaces: string[] = [];
      for (let i = 0; i < 4; i++) {
        workspaces.push(h.notion.seedWorkspace({ name: `Spread ${i}`, persons: 50 }).id);
        ids.push(await connectWorkspace(h, tenant, workspaces[i]));
      }
      const since = Date.now();
      await sleep(20_000); // three windows and more
      const schedule = new SyncSchedule(cron);
      const windows = Math.ceil((Date.now() - since) / 6000) + 1;
      const offsets = new Set<number>();
      for (let i = 0; i < ids.length; i++) {
        const runs = (await runsOf(h, ids[i])).filter((r) => r.trigger === 'schedule' && r.started >= since);
        expect(runs.filter((r) => r.status === 'SUCCEEDED').length).toBeGreaterThanOrEqual(2);
        expect(runs.length).toBeLessThanOrEqual(windows);
        expectNoOverlap(await runsOf(h, ids[i]));
        // Each scheduled run starts at or after its slot in its window, and each window runs the connection once.
        const key = slotKey(tenant, 'notion', workspaces[i]);
        const perWindow = new Map<number, number>();
        for (const r of runs) {
          const window = schedule.windowAt(new Date(r.started));
          const slot = schedule.slotIn(window, key).getTime();
          perWindow.set(window.start.getTime(), (perWindow.get(window.start.getTime()) ?? 0) + 1);
          if (r.started < slot) expect(runs.some((p) => p.started < window.start.getTime())).toBe(true); // the previous window's, late
        }
        for (const n of perWindow.values()) expect(n).toBeLessThanOrEqual(2);
        const [c] = await h.cypher<{ due: number }>('MATCH (c:Connection {id: $id}) RETURN c.dueAt.epochMillis AS due', { id: ids[i] });
        expect(c.due).toBe(schedule.slotIn(schedule.windowAt(new Date(c.due)), key).getTime());
        offsets.add(c.due - schedule.windowAt(new Date(c.due)).start.getTime());
      }
      expect(offsets.size).toBeGreaterThan(1); // spread over the window, not all at its start
    } finally {
      await replica.close();
      await h.close();
      await db.close().catch(() => undefined);
    }
  }, 180_000);
});
