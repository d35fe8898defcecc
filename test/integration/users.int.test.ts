import { connectWorkspace, syncNow } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const USERS = `query($first: Int, $after: String, $filter: UserFilter) {
  users(first: $first, after: $after, filter: $filter) {
    totalCount
    edges { cursor node { email accounts { name workspace { id: externalId } } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe('users and workspaces queries', () => {
  it('pages through every user by email with Relay cursors and filters them', async () => {
    const tenant = newTenant();
    const a = h.notion.seedWorkspace({ name: 'Alpha', persons: 7 });
    const b = h.notion.seedWorkspace({
      name: 'Beta',
      members: [
        { ...a.members[0], id: 'dddddddd-0000-4000-8000-000000000001', name: 'Zed Outsider' },
        { id: 'dddddddd-0000-4000-8000-000000000002', type: 'person', name: 'Ext Ernal', avatar_url: null, email: 'ext@partner.io' },
      ],
    });
    await connectWorkspace(h, tenant, a.id);
    await connectWorkspace(h, tenant, b.id);
    const all = [...a.members.map((m) => m.email!), 'ext@partner.io'].sort();

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res: any = await h.gql(USERS, { first: 3, after }, { tenant });
      const { edges, pageInfo, totalCount } = res.data.users;
      expect(totalCount).toBe(8);
      expect(pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...edges.map((e: any) => e.node.email));
      after = pageInfo.endCursor;
      if (!pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(all);

    const shared = (await h.gql(USERS, { filter: { emailContains: a.members[0].email!.toUpperCase() } }, { tenant })).data.users;
    expect(shared.edges).toHaveLength(1);
    expect(shared.edges[0].node.accounts.map((x: any) => x.workspace.id).sort()).toEqual([a.id, b.id].sort());

    const byDomain = (await h.gql(USERS, { filter: { emailDomain: 'partner.io' } }, { tenant })).data.users;
    expect(byDomain.edges.map((e: any) => e.node.email)).toEqual(['ext@partner.io']);
    const byName = (await h.gql(USERS, { filter: { nameContains: 'zed' } }, { tenant })).data.users;
    expect(byName.edges.map((e: any) => e.node.email)).toEqual([a.members[0].email]);
    const inBeta = (await h.gql(USERS, { filter: { workspaceId: b.id, provider: 'NOTION' } }, { tenant })).data.users;
    expect(inBeta.totalCount).toBe(2);

    const empty = (await h.gql(USERS, { first: 0 }, { tenant })).data.users;
    expect(empty).toEqual({
      totalCount: 8,
      edges: [],
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it('rejects a page size over 100 and a cursor that is not from this list', async () => {
    const tenant = newTenant();
    const big = await h.gql(USERS, { first: 101 }, { tenant });
    expect(big.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAGE_SIZE_OUT_OF_RANGE' });
    const bad = await h.gql(USERS, { after: 'bm90LWEtY3Vyc29y' }, { tenant });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
  });

  it('lists workspaces with member counts and members', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Gamma', icon: '🚀', persons: 4, bots: 1 });
    await connectWorkspace(h, tenant, ws.id);
    const res = await h.gql(
      `{ workspaces { id: externalId name iconUrl botId provider memberCount members(first: 2) { totalCount edges { node { email } } pageInfo { hasNextPage } } } }`,
      {},
      { tenant },
    );
    expect(res.data.workspaces).toEqual([
      {
        id: ws.id,
        name: 'Gamma',
        iconUrl: '🚀',
        botId: ws.botId,
        provider: 'NOTION',
        memberCount: 4,
        members: {
          totalCount: 4,
          edges: [{ node: { email: ws.members[0].email } }, { node: { email: ws.members[1].email } }],
          pageInfo: { hasNextPage: true },
        },
      },
    ]);
  });

  it("pages a small app's members in a large tenant (read from the app) exactly like a large app's (read from the index)", async () => {
    const tenant = newTenant();
    const big = h.notion.seedWorkspace({ name: 'Big', persons: 300 });
    // Four of the big workspace's people, under other names, plus two only here; one of them leaves later.
    const small = h.notion.seedWorkspace({
      name: 'Small',
      members: [
        ...[3, 150, 151, 299].map((i, n) => ({
          ...big.members[i],
          id: `eeeeeeee-1111-4000-8000-00000000000${n}`,
          name: `Small ${String.fromCharCode(90 - n)}`,
        })),
        {
          id: 'eeeeeeee-1111-4000-8000-000000000008',
          type: 'person' as const,
          name: 'Only Here',
          avatar_url: null,
          email: 'only@small.test',
        },
        {
          id: 'eeeeeeee-1111-4000-8000-000000000009',
          type: 'person' as const,
          name: 'Soon Gone',
          avatar_url: null,
          email: 'gone@small.test',
        },
      ],
    });
    await connectWorkspace(h, tenant, big.id);
    const smallId = await connectWorkspace(h, tenant, small.id);
    small.members.pop();
    await syncNow(h, tenant, smallId);

    const MEMBERS = `query($name: String!, $first: Int, $after: String, $orderBy: UserOrder, $filter: UserFilter) {
      apps(first: 2, filter: { nameContains: $name }) { edges { node { id: externalId members(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
        totalCount edges { node { email name } } pageInfo { hasNextPage endCursor } } } } } }`;
    const pages = async (wsId: string, first: number, orderBy: unknown, filter: unknown = null) => {
      const out: string[] = [];
      let after: string | null = null;
      let total = -1;
      for (let i = 0; i < 200; i++) {
        const res: any = await h.gql(MEMBERS, { name: wsId === big.id ? 'Big' : 'Small', first, after, orderBy, filter }, { tenant });
        expect(res.errors).toBeUndefined();
        const page = res.data.apps.edges.map((e: any) => e.node).find((w: any) => w.id === wsId).members;
        total = page.totalCount;
        out.push(...page.edges.map((e: any) => e.node.email));
        if (!page.pageInfo.hasNextPage) return { emails: out, total };
        after = page.pageInfo.endCursor;
      }
      throw new Error('too many pages');
    };

    const current = small.members.map((m) => m.email!).sort();
    expect(await pages(small.id, 2, null)).toEqual({ emails: current, total: 5 });
    expect((await pages(small.id, 2, { field: 'EMAIL', direction: 'DESC' })).emails).toEqual([...current].reverse());
    // Names are the people's display names: the first, alphabetically, of their current accounts' names.
    const byName = await pages(small.id, 2, { field: 'NAME', direction: 'ASC' });
    expect(byName.emails).toHaveLength(5);
    expect(new Set(byName.emails)).toEqual(new Set(current));
    expect(await pages(small.id, 2, null, { nameContains: 'only' })).toEqual({ emails: ['only@small.test'], total: 1 });
    expect(await pages(small.id, 2, null, { memberOfNoApp: true })).toEqual({ emails: ['gone@small.test'], total: 1 });

    // The big workspace's 300 (read along the index) page the same way.
    const bigAll = big.members.map((m) => m.email!).sort();
    expect(await pages(big.id, 100, null)).toEqual({ emails: bigAll, total: 300 });
    expect((await pages(big.id, 100, { field: 'EMAIL', direction: 'DESC' })).emails).toEqual([...bigAll].reverse());

    // The sizes that choose where a page starts are read once, then reused: a further page (another page size, so
    // not from the response cache) costs the apps, its page and its count, and no read of the sizes.
    const trips = async (first: number) => {
      const before = h.app.graph.stats.roundTrips;
      await pages(small.id, first, null);
      return h.app.graph.stats.roundTrips - before;
    };
    expect([await trips(9), await trips(8)]).toEqual([3, 3]);
  });
  it("lists a person's accounts current first, then by app name, each last seen by its app's last successful sync until it ends", async () => {
    const tenant = newTenant();
    const person = {
      id: 'eeeeeeee-0000-4000-8000-000000000001',
      type: 'person' as const,
      name: 'Ann Order',
      avatar_url: null,
      email: 'ann@order.example.com',
    };
    const other = (n: number) => ({
      ...person,
      id: `eeeeeeee-0000-4000-8000-00000000001${n}`,
      name: `Other ${n}`,
      email: `other${n}@order.example.com`,
    });
    const zeta = h.notion.seedWorkspace({ name: 'Zeta', members: [{ ...person, id: 'eeeeeeee-0000-4000-8000-000000000002' }, other(1)] });
    const alpha = h.notion.seedWorkspace({ name: 'Alpha', members: [{ ...person, id: 'eeeeeeee-0000-4000-8000-000000000003' }, other(2)] });
    const mid = h.notion.seedWorkspace({ name: 'Mid', members: [person, other(3)] });
    await connectWorkspace(h, tenant, zeta.id);
    const alphaConnection = await connectWorkspace(h, tenant, alpha.id);
    await connectWorkspace(h, tenant, mid.id);
    // Ann leaves Alpha: her account there ends; Alpha's later syncs no longer see her.
    alpha.members.splice(0, 1);
    await syncNow(h, tenant, alphaConnection);
    await syncNow(h, tenant, alphaConnection);
    const ACCOUNTS = `query($e: String!) { user(email: $e) { accounts(includeRemoved: true) {
      current firstSeen lastSeen removedAt workspace { name lastSuccessfulSyncAt } } } }`;
    const accounts = (await h.gql(ACCOUNTS, { e: person.email }, { tenant })).data.user.accounts;
    expect(accounts.map((a: any) => `${a.workspace.name} ${a.current}`)).toEqual(['Mid true', 'Zeta true', 'Alpha false']);
    for (const a of accounts.slice(0, 2)) expect(a.lastSeen).toBe(a.workspace.lastSuccessfulSyncAt);
    const [ended] = accounts.slice(2);
    // Last seen by the sync before the one that found her gone, so before Alpha's latest sync.
    expect(Date.parse(ended.lastSeen)).toBeLessThanOrEqual(Date.parse(ended.removedAt));
    expect(Date.parse(ended.lastSeen)).toBeGreaterThanOrEqual(Date.parse(ended.firstSeen));
    expect(ended.lastSeen).not.toBe(ended.workspace.lastSuccessfulSyncAt);
    // A page of users reads the same accounts in the same order.
    const page = (
      await h.gql(
        `{ users(filter: { emailContains: "ann@" }) { edges { node { accounts { workspace { name } lastSeen } } } } }`,
        {},
        { tenant },
      )
    ).data.users.edges[0].node.accounts;
    expect(page).toEqual(accounts.slice(0, 2).map((a: any) => ({ workspace: { name: a.workspace.name }, lastSeen: a.lastSeen })));
  });
});
