import { connectWorkspace, memberEmails, syncNow } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ SYNC_SHRINK_GUARD_RATIO: '0.5' });
});
afterAll(() => h.close());

const PENDING = 'pendingShrink { runId membersInGraph membersListed detectedAt confirmed }';
const card = async (tenant: string, id: string) => {
  const res = await h.gql(
    `query($id: ID!) { connection(id: $id) { status ${PENDING} lastSync { id: runId status warning membershipsRemoved } } }`,
    { id },
    { tenant },
  );
  return res.data.connection;
};

/** A workspace of 300 synced members, and a way to make Notion list only the first 100. */
async function workspaceOf300(name: string) {
  const tenant = newTenant();
  const ws = h.notion.seedWorkspace({ name, persons: 300 });
  const id = await connectWorkspace(h, tenant, ws.id);
  const all = [...ws.members];
  const before = await memberEmails(h, tenant, ws.id);
  expect(before).toHaveLength(300);
  return { tenant, ws, id, all, before };
}

describe('the shrink guard', () => {
  it('holds the removals of a run that lists far fewer members, and lets go once Notion is whole again', async () => {
    const s = await workspaceOf300('Glitchy');
    s.ws.members.splice(100); // Notion's glitch: only a third listed
    await syncNow(h, s.tenant, s.id);
    const held = await card(s.tenant, s.id);
    expect(held.status).toBe('CONNECTED');
    expect(held.lastSync).toMatchObject({ status: 'NEEDS_CONFIRMATION', membershipsRemoved: 0 });
    expect(held.lastSync.warning).toMatch(/listed 100 members where the graph holds 300.*confirmSyncShrink/);
    expect(held.pendingShrink).toMatchObject({ runId: held.lastSync.id, membersInGraph: 300, membersListed: 100, confirmed: false });
    expect(await memberEmails(h, s.tenant, s.ws.id)).toEqual(s.before);

    s.ws.members.splice(0, s.ws.members.length, ...s.all); // the glitch passes
    await syncNow(h, s.tenant, s.id);
    const whole = await card(s.tenant, s.id);
    expect(whole.lastSync).toMatchObject({ status: 'SUCCEEDED', membershipsRemoved: 0 });
    expect(whole.pendingShrink).toBeNull();
    expect(await memberEmails(h, s.tenant, s.ws.id)).toEqual(s.before);
  });

  it('removes the leavers once an administrator confirms the workspace really shrank', async () => {
    const s = await workspaceOf300('Really shrank');
    s.ws.members.splice(100);
    await syncNow(h, s.tenant, s.id);
    expect((await card(s.tenant, s.id)).lastSync.status).toBe('NEEDS_CONFIRMATION');

    const confirmed = await h.gql(
      `mutation($id: ID!) { confirmSyncShrink(connectionId: $id) { id: runId status } }`,
      { id: s.id },
      { tenant: s.tenant },
    );
    expect(confirmed.errors).toBeUndefined();
    await h.app.sync.idle();
    const after = await card(s.tenant, s.id);
    expect(after.lastSync).toMatchObject({ id: confirmed.data.confirmSyncShrink.id, status: 'SUCCEEDED', membershipsRemoved: 200 });
    expect(after.pendingShrink).toBeNull();
    expect(await memberEmails(h, s.tenant, s.ws.id)).toEqual(s.ws.members.map((m) => m.email!.toLowerCase()).sort());
    // The leavers are history, not erased.
    const [{ former }] = await h.cypher<{ former: number }>(
      'MATCH (:SaaSApp {tenantId: $tenant, id: $ws})<-[:FORMER_MEMBER_OF]-(a:UserAccount) RETURN count(a) AS former',
      { tenant: s.tenant, ws: s.ws.id },
    );
    expect(former).toBe(200);
  });

  it("refuses a confirmation with nothing pending, and another tenant's connection", async () => {
    const s = await workspaceOf300('Nothing pending');
    const none = await h.gql(
      `mutation($id: ID!) { confirmSyncShrink(connectionId: $id) { id: runId } }`,
      { id: s.id },
      { tenant: s.tenant },
    );
    expect(none.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_PENDING_SHRINK' });
    s.ws.members.splice(100);
    await syncNow(h, s.tenant, s.id);
    const foreign = await h.gql(
      `mutation($id: ID!) { confirmSyncShrink(connectionId: $id) { id: runId } }`,
      { id: s.id },
      { tenant: newTenant() },
    );
    expect(foreign.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await card(s.tenant, s.id)).pendingShrink).toMatchObject({ confirmed: false });
  });

  it('is off at ratio 0: a complete run removes whoever it did not list', async () => {
    const off = await startHarness({ SYNC_SHRINK_GUARD_RATIO: '0' });
    try {
      const tenant = newTenant();
      const ws = off.notion.seedWorkspace({ name: 'Unguarded', persons: 300 });
      const id = await connectWorkspace(off, tenant, ws.id);
      ws.members.splice(100);
      const c = await syncNow(off, tenant, id);
      expect(c.lastSync).toMatchObject({ status: 'SUCCEEDED', membershipsRemoved: 200 });
    } finally {
      await off.close();
    }
  });
});
