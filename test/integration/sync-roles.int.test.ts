import { SyncSchedule, slotKey } from '../../src/sync/schedule-slots';
import { connectWorkspace } from '../support/flows';
import { newTenant, startHarness } from '../support/harness';
import { ownNeo4j } from '../support/own-neo4j';
import { type ServerProcess, startServerProcess } from '../support/server-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns something truthy, for at most `ms`. */
async function eventually<T>(check: () => Promise<T>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value || Date.now() > deadline) return value;
    await sleep(250);
  }
}

describe('process roles (SYNC_ROLE)', () => {
  it('an api process never syncs, even with the schedule on; a worker process runs what it asked for and the schedule', async () => {
    const db = await ownNeo4j('roles'); // its own database: the schedule syncs every connection in it
    // Four-second windows, so the api process would have had several slots to run if it ran any.
    const h = await startHarness({ NEO4J_URI: db.uri, SYNC_ROLE: 'api', SYNC_ENABLED: 'true', SYNC_CRON: '*/4 * * * * *' });
    let worker: ServerProcess | null = null;
    const runsOf = (id: string) =>
      h.cypher<{ id: string; trigger: string; status: string }>(
        'MATCH (r:SyncRun {connectionId: $id}) RETURN r.id AS id, r.trigger AS trigger, r.status AS status ORDER BY r.startedAt',
        { id },
      );
    try {
      const tenant = newTenant();
      const ws = h.notion.seedWorkspace({ name: 'Roles', persons: 120 });
      const id = await connectWorkspace(h, tenant, ws.id);

      // Three windows later: the connect asked for a run, and no run, no lease and no Notion call happened.
      await sleep(12_000);
      expect(await runsOf(id)).toEqual([]);
      const queue = () =>
        h.cypher(
          'MATCH (c:Connection {id: $id}) RETURN c.requestTrigger AS trigger, c.requestedAt IS NOT NULL AS asked, c.leaseOwner AS owner',
          {
            id,
          },
        );
      expect(await queue()).toEqual([{ trigger: 'connect', asked: true, owner: null }]);
      expect(h.notion.requests.filter((r) => r.path.startsWith('/v1/users'))).toEqual([]);
      const connection = await h.gql('query($id: ID!) { connection(id: $id) { nextSyncAt } }', { id }, { tenant });
      expect(connection.data.connection.nextSyncAt).toEqual(expect.any(String));

      // A worker process (its schedule off, so only the request can start a run) picks the request up and answers it with its run.
      worker = await startServerProcess(
        { ...h.rawEnv, SYNC_ROLE: 'worker', SYNC_ENABLED: 'false', LOG_LEVEL: 'info' },
        'Layer sync worker listening',
      );
      const first = await eventually(async () => (await runsOf(id)).find((r) => r.trigger === 'connect' && r.status === 'SUCCEEDED'));
      if (!first) throw new Error(`the worker ran no requested sync; its log:\n${worker.lines.slice(-20).join('\n')}`);
      // The run served the request: it is cleared, and the lease released.
      expect(await eventually(async () => ((await queue()) as { asked: boolean }[])[0].asked === false)).toBe(true);
      expect(await queue()).toEqual([{ trigger: null, asked: false, owner: null }]);

      // syncConnection on the api process returns the run a worker started for it.
      const asked = await h.gql('mutation($id: ID!) { syncConnection(connectionId: $id) { id: runId status } }', { id }, { tenant });
      expect(asked.errors).toBeUndefined();
      const manual = await eventually(async () =>
        (await runsOf(id)).find((r) => r.id === asked.data.syncConnection.id && r.status !== 'RUNNING'),
      );
      expect(manual).toMatchObject({ trigger: 'manual', status: 'SUCCEEDED' });

      expect(await (await fetch(`${worker.url}/readyz`)).json()).toMatchObject({ status: 'ready', scheduler: 'disabled', role: 'worker' });
      expect(await worker.stop('SIGTERM')).toBe(0);

      // A worker with the schedule on runs it: a scheduled run at the connection's slot, which then moves to the next window.
      worker = await startServerProcess({ ...h.rawEnv, SYNC_ROLE: 'worker', LOG_LEVEL: 'info' }, 'Layer sync worker listening');
      const scheduled = await eventually(async () => (await runsOf(id)).find((r) => r.trigger === 'schedule' && r.status === 'SUCCEEDED'));
      expect(scheduled).toBeDefined();
      const [{ due }] = await h.cypher<{ due: number }>('MATCH (c:Connection {id: $id}) RETURN c.dueAt.epochMillis AS due', { id });
      const schedule = new SyncSchedule('*/4 * * * * *');
      expect(due).toBe(schedule.slotIn(schedule.windowAt(new Date(due)), slotKey(tenant, 'notion', ws.id)).getTime());

      // It serves probes and metrics, not GraphQL.
      expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${worker.url}/readyz`)).json()).toMatchObject({ status: 'ready', scheduler: 'running', role: 'worker' });
      expect(await (await fetch(`${worker.url}/metrics`)).text()).toMatch(/^layer_sync_runs_total\{outcome="succeeded"\} [1-9]/m);
      expect((await fetch(`${worker.url}/graphql`, { method: 'POST' })).status).toBe(404);
      expect(await worker.stop('SIGTERM')).toBe(0);
    } finally {
      await worker?.stop('SIGKILL').catch(() => undefined);
      await h.close();
      await db.close().catch(() => undefined);
    }
  }, 240_000);
});
