import type { SandboxMember } from '../../src/dev/notion-standin';
import { connectWorkspace, syncNow } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const person = (n: number, name: string | null, email: string): SandboxMember => ({
  id: `eeeeeeee-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'person',
  name,
  avatar_url: null,
  email,
});

/** Every node of a users query, page by page, in the given order. */
async function allPages(tenant: string, orderBy: unknown, first: number, filter: unknown = null): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 20; i++) {
    const res: any = await h.gql(
      `query($first: Int, $after: String, $orderBy: UserOrder, $filter: UserFilter) {
        users(first: $first, after: $after, orderBy: $orderBy, filter: $filter) { edges { node { email } } pageInfo { hasNextPage endCursor } } }`,
      { first, after, orderBy, filter },
      { tenant },
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    out.push(...res.data.users.edges.map((e: any) => e.node.email));
    if (!res.data.users.pageInfo.hasNextPage) return out;
    after = res.data.users.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}

describe('users: ordering, external collaborators, the people in no app', () => {
  const tenant = newTenant();
  let wsId: string;
  const members = [
    person(1, 'carol', 'carol@acme.com'),
    person(2, 'Alice', 'zed@acme.com'),
    person(3, 'bob', 'bob@partner.io'),
    person(4, null, 'anon@eu.acme.com'),
    person(5, 'Bob', 'another.bob@gmail.com'),
  ];

  beforeAll(async () => {
    const ws = h.notion.seedWorkspace({ name: 'Ordering', members: [...members], domain: 'acme.com' });
    wsId = ws.id;
    await connectWorkspace(h, tenant, ws.id);
  });

  it('orders by email, name and firstSeen in both directions, across pages, ties broken by email', async () => {
    const emails = members.map((m) => m.email!);
    expect(await allPages(tenant, null, 2)).toEqual([...emails].sort());
    expect(await allPages(tenant, { field: 'EMAIL', direction: 'DESC' }, 2)).toEqual([...emails].sort().reverse());
    // Names, case-insensitive; the nameless first; "Bob" and "bob" tie and fall back to email.
    expect(await allPages(tenant, { field: 'NAME', direction: 'ASC' }, 2)).toEqual([
      'anon@eu.acme.com',
      'zed@acme.com',
      'another.bob@gmail.com',
      'bob@partner.io',
      'carol@acme.com',
    ]);
    expect(await allPages(tenant, { field: 'NAME', direction: 'DESC' }, 3)).toEqual([
      'carol@acme.com',
      'another.bob@gmail.com',
      'bob@partner.io',
      'zed@acme.com',
      'anon@eu.acme.com',
    ]);
    // One sync wrote them all, so firstSeen ties are common: paging must still visit each exactly once.
    const byFirstSeen = await allPages(tenant, { field: 'FIRST_SEEN', direction: 'ASC' }, 2);
    expect([...byFirstSeen].sort()).toEqual([...emails].sort());
    expect(await allPages(tenant, { field: 'FIRST_SEEN', direction: 'DESC' }, 1)).toHaveLength(5);
  });

  it('refuses a cursor from another ordering or another list', async () => {
    const first = await h.gql(`{ users(first: 1) { pageInfo { endCursor } } }`, {}, { tenant });
    const cursor = first.data.users.pageInfo.endCursor;
    const other = await h.gql(
      `query($c: String) { users(after: $c, orderBy: { field: NAME }) { edges { cursor } } }`,
      { c: cursor },
      { tenant },
    );
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    const apps = await h.gql(`query($c: String) { apps(after: $c) { edges { cursor } } }`, { c: cursor }, { tenant });
    expect(apps.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    const forged = Buffer.from('users:EMAIL:ASC|not json').toString('base64url');
    const bad = await h.gql(`query($c: String) { users(after: $c) { edges { cursor } } }`, { c: forged }, { tenant });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
  });

  it("infers the tenant's domain from the connecting admin, filters external people, and takes an override", async () => {
    expect((await h.gql(`{ tenantDomains { domains source } }`, {}, { tenant })).data.tenantDomains).toEqual({
      domains: ['acme.com'],
      source: 'INFERRED',
    });
    const external = await allPages(tenant, null, 10, { external: true });
    expect(external).toEqual(['another.bob@gmail.com', 'bob@partner.io']);
    expect(await allPages(tenant, null, 10, { external: false })).toEqual(['anon@eu.acme.com', 'carol@acme.com', 'zed@acme.com']);
    const flags = await h.gql(`{ users(first: 10) { edges { node { email external } } } }`, {}, { tenant });
    expect(flags.data.users.edges.find((e: any) => e.node.email === 'bob@partner.io').node.external).toBe(true);

    const set = await h.gql(`mutation { setTenantDomains(domains: [" Partner.IO ", "@acme.com"]) { domains source } }`, {}, { tenant });
    expect(set.data.setTenantDomains).toEqual({ domains: ['acme.com', 'partner.io'], source: 'CONFIGURED' });
    expect(await allPages(tenant, null, 10, { external: true })).toEqual(['another.bob@gmail.com']);

    const bad = await h.gql(`mutation { setTenantDomains(domains: ["not a domain"]) { domains } }`, {}, { tenant });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_DOMAIN' });
    expect((await h.gql(`{ tenantDomains { domains } }`, {}, { tenant })).data.tenantDomains.domains).toEqual(['acme.com', 'partner.io']);

    const reset = await h.gql(`mutation { setTenantDomains(domains: []) { domains source } }`, {}, { tenant });
    expect(reset.data.setTenantDomains).toEqual({ domains: ['acme.com'], source: 'INFERRED' });
  });

  it('says why `external` cannot be answered for a tenant whose domains are unknown', async () => {
    const res = await h.gql(`{ users(filter: { external: true }) { totalCount } }`, {}, { tenant: newTenant() });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TENANT_DOMAINS_UNKNOWN' });
    expect((await h.gql(`{ tenantDomains { domains source } }`, {}, { tenant: newTenant() })).data.tenantDomains).toEqual({
      domains: [],
      source: 'NONE',
    });
  });

  it('reads a page of 100 users with their accounts and workspaces in one Cypher round trip', async () => {
    const t = newTenant();
    const a = h.notion.seedWorkspace({ name: 'Trips A', persons: 120 });
    const b = h.notion.seedWorkspace({
      name: 'Trips B',
      members: a.members.slice(0, 60).map((m, i) => ({ ...m, id: `ffffffff-0000-4000-8000-${String(i).padStart(12, '0')}` })),
    });
    await connectWorkspace(h, t, a.id);
    await connectWorkspace(h, t, b.id);
    const before = h.app.graph.stats.roundTrips;
    const res = await h.gql(`{ users(first: 100) { edges { node { email accounts { workspace { name } } } } } }`, {}, { tenant: t });
    const trips = h.app.graph.stats.roundTrips - before;
    expect(res.data.users.edges).toHaveLength(100);
    expect(res.data.users.edges[0].node.accounts.map((x: any) => x.workspace.name).sort()).toEqual(['Trips A', 'Trips B']);
    // The documented bound (docs/data-model.md): 1 round trip; +1 for totalCount, +1 for anything asking for domains.
    expect(trips).toBe(1);
    const before2 = h.app.graph.stats.roundTrips;
    await h.gql(
      `{ users(first: 100) { totalCount edges { node { email external accounts { workspace { name memberCount } } } } } }`,
      {},
      { tenant: t },
    );
    expect(h.app.graph.stats.roundTrips - before2).toBeLessThanOrEqual(4);
  });

  it('keeps `workspaces` a list of Notion apps, filterable by name', async () => {
    const res = await h.gql(`{ workspaces(filter: { nameContains: "ORDER" }) { id: externalId name provider } }`, {}, { tenant });
    expect(res.data.workspaces).toEqual([{ id: wsId, name: 'Ordering', provider: 'NOTION' }]);
    expect((await h.gql(`{ workspaces(filter: { nameContains: "nope" }) { id: externalId } }`, {}, { tenant })).data.workspaces).toEqual(
      [],
    );
  });
});

describe('apps, freshness and sync history', () => {
  it('pages apps by name with totalCount and a name filter, with freshness', async () => {
    const tenant = newTenant();
    for (const name of ['Delta', 'alpha', 'Charlie', 'bravo'])
      await connectWorkspace(h, tenant, h.notion.seedWorkspace({ name, persons: 2 }).id);
    const APPS = `query($after: String, $filter: AppFilter) { apps(first: 3, after: $after, filter: $filter) {
      totalCount edges { node { name memberCount lastSuccessfulSyncAt nextSyncAt } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
    const one = (await h.gql(APPS, {}, { tenant })).data.apps;
    expect(one.totalCount).toBe(4);
    expect(one.edges.map((e: any) => e.node.name)).toEqual(['alpha', 'bravo', 'Charlie']);
    expect(one.edges[0].node).toMatchObject({ memberCount: 2, lastSuccessfulSyncAt: expect.any(String), nextSyncAt: null });
    const two = (await h.gql(APPS, { after: one.pageInfo.endCursor }, { tenant })).data.apps;
    expect(two.edges.map((e: any) => e.node.name)).toEqual(['Delta']);
    expect(two.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const filtered = (await h.gql(APPS, { filter: { nameContains: 'A', provider: 'NOTION' } }, { tenant })).data.apps;
    expect(filtered.edges.map((e: any) => e.node.name)).toEqual(
      ['alpha', 'bravo', 'Charlie', 'Delta'].filter((n) => n.toLowerCase().includes('a')).slice(0, 3),
    );
    // Provider is an enum of the registered connectors: an unknown one is refused, not silently empty.
    const unknown = await h.gql(APPS, { filter: { provider: 'ZENDESK' } }, { tenant });
    expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists a connection’s runs newest first across pages, says when it is stale, and hides other tenants’ runs', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Runs', persons: 3 });
    const id = await connectWorkspace(h, tenant, ws.id);
    await syncNow(h, tenant, id);
    await syncNow(h, tenant, id);
    const RUNS = `query($id: ID!, $after: String) { syncRuns(connectionId: $id, first: 2, after: $after) {
      edges { node { id trigger status startedAt } } pageInfo { hasNextPage endCursor } } }`;
    const one = (await h.gql(RUNS, { id }, { tenant })).data.syncRuns;
    expect(one.edges.map((e: any) => e.node.trigger)).toEqual(['manual', 'manual']);
    expect(one.pageInfo.hasNextPage).toBe(true);
    const two = (await h.gql(RUNS, { id, after: one.pageInfo.endCursor }, { tenant })).data.syncRuns;
    expect(two.edges.map((e: any) => e.node.trigger)).toEqual(['connect']);
    expect(two.pageInfo.hasNextPage).toBe(false);
    const starts = [...one.edges, ...two.edges].map((e: any) => Date.parse(e.node.startedAt));
    expect(starts).toEqual([...starts].sort((x, y) => y - x));

    const card = await h.gql(`query($id: ID!) { connection(id: $id) { stale lastSuccessfulSyncAt nextSyncAt } }`, { id }, { tenant });
    expect(card.data.connection).toEqual({ stale: false, lastSuccessfulSyncAt: expect.any(String), nextSyncAt: null });
    h.notion.removeIntegration(ws.id);
    await syncNow(h, tenant, id);
    expect((await h.gql(`query($id: ID!) { connection(id: $id) { status stale } }`, { id }, { tenant })).data.connection).toEqual({
      status: 'NEEDS_REAUTH',
      stale: true,
    });

    const foreign = await h.gql(RUNS, { id }, { tenant: newTenant() });
    expect(foreign.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});
