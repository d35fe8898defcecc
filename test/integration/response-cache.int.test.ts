import { connectWorkspace, syncNow } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

/** The response cache's hit and miss counts from /metrics. */
async function cacheCounts(h: Harness): Promise<{ hit: number; miss: number; shared: number }> {
  const text = await (await fetch(`${h.app.url}/metrics`)).text();
  const count = (result: string) =>
    Number(text.match(new RegExp(`^layer_graphql_response_cache_total\\{result="${result}"\\} (\\d+)`, 'm'))?.[1] ?? 0);
  return { hit: count('hit'), miss: count('miss'), shared: count('shared') };
}

const USERS = '{ users(first: 50) { edges { node { email name accounts { workspace { name } } } } } }';
const emails = (res: any) => res.data.users.edges.map((e: any) => e.node.email);

describe('the response cache (API_RESPONSE_CACHE_SECONDS, on by default)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('answers a repeated query from memory, per tenant, and never after a write made through the process', async () => {
    const a = newTenant();
    const b = newTenant();
    const wsA = h.notion.seedWorkspace({ name: 'Cache A', persons: 3 });
    const wsB = h.notion.seedWorkspace({ name: 'Cache B', persons: 2 });
    const idA = await connectWorkspace(h, a, wsA.id);
    await connectWorkspace(h, b, wsB.id);

    const first = await h.gql(USERS, {}, { tenant: a });
    const before = await cacheCounts(h);
    const again = await h.gql(USERS, {}, { tenant: a });
    const after = await cacheCounts(h);
    expect(again.body).toBe(first.body);
    expect(after).toEqual({ ...before, hit: before.hit + 1 });

    // The same text from another tenant is another entry: its own people, never tenant A's.
    const other = await h.gql(USERS, {}, { tenant: b });
    expect(emails(other)).toEqual(wsB.members.map((m) => m.email).sort());
    expect((await cacheCounts(h)).miss).toBe(after.miss + 1);

    // A sync writes: the next read sees its result at once, not the cached page.
    wsA.members.push({
      id: 'cccccccc-0000-4000-8000-000000000001',
      type: 'person',
      name: 'Late Joiner',
      avatar_url: null,
      email: 'late@cache.test',
    });
    await syncNow(h, a, idA);
    expect(emails(await h.gql(USERS, {}, { tenant: a }))).toContain('late@cache.test');

    // So does a mutation: the domains it sets decide `external` right away.
    const external = '{ users(first: 50, filter: { external: false }) { edges { node { email } } } }';
    await h.gql('mutation { setTenantDomains(domains: ["cache.test"]) { domains } }', {}, { tenant: a });
    expect(emails(await h.gql(external, {}, { tenant: a }))).toEqual(['late@cache.test']);
    await h.gql('mutation { setTenantDomains(domains: ["nowhere.test"]) { domains } }', {}, { tenant: a });
    expect(emails(await h.gql(external, {}, { tenant: a }))).toEqual([]);

    // And so does a write from another process on the same Neo4j (another replica, the CLI, an operator).
    expect(emails(await h.gql(external, {}, { tenant: a }))).toEqual([]);
    const replica = await h.replica();
    try {
      await replica.services.tenants.setDomains(a, ['cache.test']);
    } finally {
      await replica.close();
    }
    expect(emails(await h.gql(external, {}, { tenant: a }))).toEqual(['late@cache.test']);
  });

  it("keeps a tenant's answer through other tenants' writes, and ends it at that tenant's write from another process", async () => {
    const a = newTenant();
    const b = newTenant();
    const wsA = h.notion.seedWorkspace({ name: 'Fresh A', persons: 2 });
    const wsB = h.notion.seedWorkspace({ name: 'Fresh B', persons: 2 });
    const idA = await connectWorkspace(h, a, wsA.id);
    const idB = await connectWorkspace(h, b, wsB.id);
    const first = await h.gql(USERS, {}, { tenant: a });
    const replica = await h.replica();
    try {
      // Tenant B writes: a sync and a mutation through this process, a mutation through another process.
      wsB.members.push({
        id: 'cccccccc-0000-4000-8000-0000000000b1',
        type: 'person',
        name: 'B Joiner',
        avatar_url: null,
        email: 'joiner@b.test',
      });
      await syncNow(h, b, idB);
      await h.gql('mutation { setTenantDomains(domains: ["b.test"]) { domains } }', {}, { tenant: b });
      await replica.services.tenants.setDomains(b, ['other.test']);
      const before = await cacheCounts(h);
      const kept = await h.gql(USERS, {}, { tenant: a });
      expect(kept.body).toBe(first.body);
      expect(await cacheCounts(h)).toMatchObject({ hit: before.hit + 1, miss: before.miss });

      // Tenant A's sync in the other process ends A's answer here: the next read executes and sees it.
      wsA.members.push({
        id: 'cccccccc-0000-4000-8000-0000000000a1',
        type: 'person',
        name: 'A Joiner',
        avatar_url: null,
        email: 'joiner@a.test',
      });
      const { done } = await replica.sync.start((await replica.services.connections.get(a, idA))!, 'manual');
      expect(await done).toMatchObject({ status: 'SUCCEEDED' });
      const mid = await cacheCounts(h);
      expect(emails(await h.gql(USERS, {}, { tenant: a }))).toContain('joiner@a.test');
      expect(await cacheCounts(h)).toMatchObject({ hit: mid.hit, miss: mid.miss + 1 });
    } finally {
      await replica.close();
    }
  });

  it('keeps an answer that depends on the clock (stale, nextSyncAt) only until the clock would change it', async () => {
    const t = newTenant();
    await connectWorkspace(h, t, h.notion.seedWorkspace({ name: 'Clock', persons: 1 }).id);
    // Fresh for 13 hours, and no schedule here (nextSyncAt null): nothing changes soon, so the repeat is a hit.
    const q = '{ connections { stale nextSyncAt } workspaces { nextSyncAt } }';
    const first = await h.gql(q, {}, { tenant: t });
    expect(first.data.connections[0]).toEqual({ stale: false, nextSyncAt: null });
    const before = await cacheCounts(h);
    expect((await h.gql(q, {}, { tenant: t })).body).toBe(first.body);
    expect(await cacheCounts(h)).toMatchObject({ hit: before.hit + 1, miss: before.miss });
  });

  it('serves a fresh connection from the cache until it turns stale, then the stale answer, kept from then on', async () => {
    // A connection is stale 3.6 s after its last success here.
    const quick = await startHarness({ SYNC_STALE_AFTER_HOURS: '0.001' });
    try {
      const t = newTenant();
      await connectWorkspace(quick, t, quick.notion.seedWorkspace({ name: 'Soon stale', persons: 1 }).id);
      const q = '{ connections { stale } }';
      const fresh = await quick.gql(q, {}, { tenant: t });
      expect(fresh.data.connections).toEqual([{ stale: false }]);
      await new Promise((r) => setTimeout(r, 4_000));
      const before = await cacheCounts(quick);
      // Past the moment it turned stale: not the kept `false`, a new answer.
      expect((await quick.gql(q, {}, { tenant: t })).data.connections).toEqual([{ stale: true }]);
      expect(await quick.gql(q, {}, { tenant: t })).toMatchObject({ data: { connections: [{ stale: true }] } });
      expect(await cacheCounts(quick)).toMatchObject({ hit: before.hit + 1, miss: before.miss + 1 });
    } finally {
      await quick.close();
    }
  });

  it('does not cache an answer with errors, nor mutations, and tells browsers and proxies not to store answers', async () => {
    const t = newTenant();
    const bad = '{ users(first: 50, filter: { external: true }) { totalCount } }';
    const before = await cacheCounts(h);
    const one = await h.gql(bad, {}, { tenant: t });
    const two = await h.gql(bad, {}, { tenant: t });
    expect([one.errors?.[0].extensions?.reason, two.errors?.[0].extensions?.reason]).toEqual([
      'TENANT_DOMAINS_UNKNOWN',
      'TENANT_DOMAINS_UNKNOWN',
    ]);
    const mid = await cacheCounts(h);
    expect(mid).toMatchObject({ hit: before.hit, miss: before.miss + 2 });

    const res = await fetch(`${h.app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await h.token(t)}` },
      body: JSON.stringify({ query: '{ connections { id: connectionId } }' }),
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
    await h.gql('mutation { connectNotion { authorizationUrl } }', {}, { tenant: t });
    await h.gql('mutation { connectNotion { authorizationUrl } }', {}, { tenant: t });
    expect((await cacheCounts(h)).hit).toBe(mid.hit);
  });

  it('answers identical concurrent queries in full, with fewer round trips than one each (cache or shared execution)', async () => {
    const t = newTenant();
    await connectWorkspace(h, t, h.notion.seedWorkspace({ name: 'Stampede', persons: 300 }).id);
    const query = '{ users(first: 100) { totalCount edges { node { email name accounts { workspace { name } } } } } }';
    const before = await cacheCounts(h);
    const trips = h.app.graph.stats.roundTrips;
    const answers = await Promise.all(Array.from({ length: 16 }, () => h.gql(query, {}, { tenant: t })));
    const after = await cacheCounts(h);
    for (const a of answers) expect(a.body).toBe(answers[0].body);
    expect(answers[0].data.users.totalCount).toBe(300);
    // Each query either hit the cache or missed; of the misses, those that came while the first ran shared it
    // (how many depends on arrival times: test/unit/shared-answers.test.ts checks the sharing itself).
    expect(after.hit - before.hit + (after.miss - before.miss)).toBe(16);
    expect(after.shared - before.shared).toBeLessThan(after.miss - before.miss);
    // Alone, each would read a page and a count: 32 round trips, plus the version reads.
    expect(h.app.graph.stats.roundTrips - trips).toBeLessThan(32);
  });

  it('is off with API_RESPONSE_CACHE_SECONDS=0: every query runs', async () => {
    const off = await startHarness({ API_RESPONSE_CACHE_SECONDS: '0' });
    try {
      const t = newTenant();
      const ws = off.notion.seedWorkspace({ name: 'No cache', persons: 2 });
      await connectWorkspace(off, t, ws.id);
      const before = off.app.graph.stats.roundTrips;
      await off.gql(USERS, {}, { tenant: t });
      await off.gql(USERS, {}, { tenant: t });
      expect(off.app.graph.stats.roundTrips - before).toBe(2);
      expect(await cacheCounts(off)).toMatchObject({ hit: 0, miss: 0, shared: 0 });
    } finally {
      await off.close();
    }
  });
});
