import { SyncSchedule, slotKey } from '../../src/sync/schedule-slots';
import { connectWorkspace } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

const CRON = '0 0 1 1 *'; // one window a year, so the schedule never runs a connection of the shared database here
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ SYNC_ENABLED: 'true', SYNC_CRON: CRON });
});
afterAll(() => h.close());

describe('the spread schedule in the API', () => {
  it("shows each connection's own slot as nextSyncAt, on the connection and on its workspace", async () => {
    const tenant = newTenant();
    const a = h.notion.seedWorkspace({ name: 'Slot A', persons: 3 });
    const b = h.notion.seedWorkspace({ name: 'Slot B', persons: 3 });
    await connectWorkspace(h, tenant, a.id);
    await connectWorkspace(h, tenant, b.id);
    const res = await h.gql('{ connections { workspaceId nextSyncAt } workspaces { id: externalId nextSyncAt } }', {}, { tenant });
    expect(res.errors).toBeUndefined();

    const schedule = new SyncSchedule(CRON);
    const window = schedule.windowAt(new Date());
    const expected = (workspaceId: string) => schedule.nextSlot(slotKey(tenant, 'notion', workspaceId)).toISOString();
    const byConnection = Object.fromEntries(
      res.data.connections.map((c: { workspaceId: string; nextSyncAt: string }) => [c.workspaceId, c.nextSyncAt]),
    );
    const byWorkspace = Object.fromEntries(res.data.workspaces.map((w: { id: string; nextSyncAt: string }) => [w.id, w.nextSyncAt]));
    expect(byConnection).toEqual({ [a.id]: expected(a.id), [b.id]: expected(b.id) });
    expect(byWorkspace).toEqual(byConnection);
    // Two connections, two slots, neither at the window's start (where the old cron ran everyone).
    expect(byConnection[a.id]).not.toBe(byConnection[b.id]);
    for (const slot of Object.values(byConnection) as string[]) {
      expect(Date.parse(slot)).toBeGreaterThan(Date.now());
      expect(slot).not.toBe(window.end.toISOString());
    }
  });
});
