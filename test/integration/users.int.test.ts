import { connectWorkspace } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const USERS = `query($first: Int, $after: String, $filter: UserFilter) {
  users(first: $first, after: $after, filter: $filter) {
    totalCount
    edges { cursor node { email accounts { name workspace { id } } } }
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
    const inBeta = (await h.gql(USERS, { filter: { workspaceId: b.id, provider: 'notion' } }, { tenant })).data.users;
    expect(inBeta.totalCount).toBe(2);

    const empty = (await h.gql(USERS, { first: 0 }, { tenant })).data.users;
    expect(empty).toEqual({ totalCount: 8, edges: [], pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null } });
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
    const res = await h.gql(`{ workspaces { id name iconUrl botId provider memberCount members(first: 2) { totalCount edges { node { email } } pageInfo { hasNextPage } } } }`, {}, { tenant });
    expect(res.data.workspaces).toEqual([
      {
        id: ws.id,
        name: 'Gamma',
        iconUrl: '🚀',
        botId: ws.botId,
        provider: 'notion',
        memberCount: 4,
        members: { totalCount: 4, edges: [{ node: { email: ws.members[0].email } }, { node: { email: ws.members[1].email } }], pageInfo: { hasNextPage: true } },
      },
    ]);
  });
});
