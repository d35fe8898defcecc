import { connectWorkspace, syncNow } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const CHANGES = `query($appId: ID!, $since: DateTimeISO!, $first: Int, $after: String) {
  membershipChanges(appId: $appId, since: $since, first: $first, after: $after) {
    edges { cursor node { kind email name accountId at } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('joiners, leavers and history', () => {
  it('records no joins for the first import, then each join and leave with when; a leaver is history, not erased', async () => {
    const tenant = newTenant();
    const since = new Date(Date.now() - 1000).toISOString();
    const ws = h.notion.seedWorkspace({ name: 'Churn', persons: 5 });
    const id = await connectWorkspace(h, tenant, ws.id);
    expect((await h.gql(CHANGES, { appId: ws.id, since }, { tenant })).data.membershipChanges.edges).toEqual([]);

    const leaver = ws.members.splice(1, 1)[0];
    const joiner = {
      id: 'cccccccc-0000-4000-8000-000000000001',
      type: 'person' as const,
      name: 'New Joiner',
      avatar_url: null,
      email: 'joiner@churn.example.com',
    };
    ws.members.push(joiner);
    const after = await syncNow(h, tenant, id);
    expect(after.lastSync).toMatchObject({ status: 'SUCCEEDED', membershipsRemoved: 1 });

    const changes = (await h.gql(CHANGES, { appId: ws.id, since }, { tenant })).data.membershipChanges.edges.map((e: any) => e.node);
    expect(changes).toHaveLength(2);
    expect(changes).toEqual(
      expect.arrayContaining([
        { kind: 'JOINED', email: joiner.email, name: 'New Joiner', accountId: `notion:${ws.id}:${joiner.id}`, at: expect.any(String) },
        { kind: 'LEFT', email: leaver.email, name: leaver.name, accountId: `notion:${ws.id}:${leaver.id}`, at: expect.any(String) },
      ]),
    );
    // A `since` after the changes finds none.
    const later = await h.gql(CHANGES, { appId: ws.id, since: new Date(Date.now() + 60_000).toISOString() }, { tenant });
    expect(later.data.membershipChanges.edges).toEqual([]);

    // Default lists show current members only; the leaver is found by email, with the ended account on request.
    const ACCOUNTS = `query($e: String!) { user(email: $e) { email accounts { id current } all: accounts(includeRemoved: true) { id current removedAt lastSeen } } }`;
    const left = (await h.gql(ACCOUNTS, { e: leaver.email }, { tenant })).data.user;
    expect(left.accounts).toEqual([]);
    expect(left.all).toEqual([
      { id: `notion:${ws.id}:${leaver.id}`, current: false, removedAt: expect.any(String), lastSeen: expect.any(String) },
    ]);
    const members = await h.gql(
      `{ apps(first: 1) { edges { node { memberCount members(first: 100) { totalCount edges { node { email } } } } } } }`,
      {},
      { tenant },
    );
    expect(members.data.apps.edges[0].node.memberCount).toBe(5);
    expect(members.data.apps.edges[0].node.members.edges.map((e: any) => e.node.email)).not.toContain(leaver.email);
    const noApp = await h.gql(`{ users(filter: { memberOfNoApp: true }) { totalCount edges { node { email } } } }`, {}, { tenant });
    expect(noApp.data.users).toEqual({ totalCount: 1, edges: [{ node: { email: leaver.email } }] });

    // Coming back is a join again, and the account is current again.
    ws.members.push(leaver);
    const back = await syncNow(h, tenant, id);
    expect(back.lastSync).toMatchObject({ status: 'SUCCEEDED', membershipsRemoved: 0 });
    const again = (await h.gql(ACCOUNTS, { e: leaver.email }, { tenant })).data.user;
    expect(again.accounts).toEqual([{ id: `notion:${ws.id}:${leaver.id}`, current: true }]);
    const all = (await h.gql(CHANGES, { appId: ws.id, since, first: 2 }, { tenant })).data.membershipChanges;
    expect(all.edges.map((e: any) => `${e.node.kind} ${e.node.email}`)[0]).toBe(`JOINED ${leaver.email}`);
    expect(all.pageInfo.hasNextPage).toBe(true);
    const rest = (await h.gql(CHANGES, { appId: ws.id, since, first: 2, after: all.pageInfo.endCursor }, { tenant })).data
      .membershipChanges;
    expect(rest.edges).toHaveLength(1);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const rels = await h.cypher(
      `MATCH (a:UserAccount {tenantId: $tenant, id: $id}) RETURN a.removedAt AS removedAt, COUNT { (a)-[:MEMBER_OF]->() } AS current, COUNT { (a)-[:FORMER_MEMBER_OF]->() } AS former`,
      { tenant, id: `notion:${ws.id}:${leaver.id}` },
    );
    expect(rels).toEqual([{ removedAt: null, current: 1, former: 0 }]);
  });

  it('writes nothing for members that did not change, and only the changed one when one does', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Steady', persons: 230, bots: 1 });
    const id = await connectWorkspace(h, tenant, ws.id);
    const stamp = () =>
      h.cypher<{ id: string; run: string }>(
        'MATCH (a:UserAccount {tenantId: $tenant}) RETURN a.id AS id, a.lastChangedRunId AS run ORDER BY id',
        { tenant },
      );
    const before = await stamp();

    const same = await syncNow(h, tenant, id);
    expect(same.lastSync).toMatchObject({ status: 'SUCCEEDED', usersUpserted: 230, membershipsRemoved: 0 });
    const run = (await h.gql(`query($id: ID!) { connection(id: $id) { lastSync { accountsWritten membersJoined } } }`, { id }, { tenant }))
      .data;
    expect(run.connection.lastSync).toEqual({ accountsWritten: 0, membersJoined: 0 });
    expect(await stamp()).toEqual(before);

    ws.members[3].name = 'Renamed Person';
    await syncNow(h, tenant, id);
    const one = (await h.gql(`query($id: ID!) { connection(id: $id) { lastSync { id accountsWritten } } }`, { id }, { tenant })).data
      .connection.lastSync;
    expect(one.accountsWritten).toBe(1);
    const changed = (await stamp()).filter((row, i) => row.run !== before[i].run);
    expect(changed).toEqual([{ id: `notion:${ws.id}:${ws.members[3].id}`, run: one.id }]);
  });

  it('counts one member Notion lists twice (on two pages) once', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Doubles', persons: 150 });
    ws.members.splice(120, 0, { ...ws.members[5] }); // the same member again, on the second page
    const id = await connectWorkspace(h, tenant, ws.id);
    const c = await syncNow(h, tenant, id);
    expect(c.lastSync).toMatchObject({ status: 'SUCCEEDED', membersSeen: 151, usersUpserted: 150 });
    expect(c.workspace.memberCount).toBe(150);
  });
});
