import { connectWorkspace } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

const ALLOWED = 'https://app.layer.example';
let h: Harness;
const tenant = newTenant();
beforeAll(async () => {
  // The schedule is on (it fires on 1 January only), so nextSyncAt has a value.
  h = await startHarness({ CORS_ORIGINS: `${ALLOWED},http://localhost:3000`, SYNC_ENABLED: 'true', SYNC_CRON: '0 0 1 1 *' });
});
afterAll(() => h.close());

const nest = (depth: number): string =>
  depth === 0 ? 'email' : `accounts { workspace { members(first: 1) { edges { node { ${nest(depth - 1)} } } } } }`;

describe('query limits, CORS and CSRF', () => {
  it('answers 400 naming the limit and its value for a too-deep query', async () => {
    const res = await h.gql(`{ users(first: 1) { edges { node { ${nest(2)} } } } }`, {}, { tenant });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].message).toMatch(/depth limit of 10 exceeded/);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_DEPTH' });
  });

  it('refuses an alias flood, an over-cost query and an oversized query, each with its limit', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: tenantDomains { source }`).join(' ');
    const flood = await h.gql(`{ ${aliases} }`, {}, { tenant });
    expect(flood.status).toBe(400);
    expect(flood.errors?.[0].message).toMatch(/Aliases limit of 15 exceeded, found 16/);
    expect(flood.errors?.[0].extensions?.reason).toBe('MAX_ALIASES');

    const wide = Array.from(
      { length: 10 },
      (_, i) =>
        `w${i}: users(first: 100) { edges { node { accounts { workspace { members(first: 100) { edges { node { email name firstSeen } } } } } } } }`,
    ).join(' ');
    const costly = await h.gql(`{ ${wide} }`, {}, { tenant });
    expect(costly.status).toBe(400);
    expect(costly.errors?.[0].message).toMatch(/cost limit of 10000 exceeded/);
    expect(costly.errors?.[0].extensions?.reason).toBe('MAX_COST');

    // The cost is remembered per document and variables: one query text costs what its variables make it cost.
    const paged =
      'query($n: Int) { users(first: $n) { edges { node { accounts { workspace { members(first: $n) { edges { node { email } } } } } } } } }';
    const costOf = async (n: number) => (await h.gql(paged, { n }, { tenant })).errors?.[0]?.extensions?.reason ?? 'ok';
    expect([await costOf(5), await costOf(100), await costOf(5), await costOf(100)]).toEqual(['ok', 'MAX_COST', 'ok', 'MAX_COST']);

    const big = await h.gql(`{ tenantDomains { ${'source '.repeat(1200)} } }`, {}, { tenant });
    expect(big.status).toBe(400);
    expect(big.errors?.[0].message).toMatch(/contains more th\w+ 1000 tokens/);
    expect(big.errors?.[0].extensions?.reason).toBe('MAX_TOKENS');
  });

  it('refuses batched requests', async () => {
    const res = await fetch(`${h.app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await h.token(tenant)}` },
      body: JSON.stringify([{ query: '{ tenantDomains { source } }' }, { query: '{ tenantDomains { source } }' }]),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/batch/i);
  });

  it('lets only configured origins call from a browser, and keeps CSRF prevention on', async () => {
    const preflight = (origin: string) =>
      fetch(`${h.app.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const ok = await preflight(ALLOWED);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();

    // A "simple" cross-site GET (no preflight) is refused before any resolver runs.
    const csrf = await fetch(`${h.app.url}/graphql?query=${encodeURIComponent('{ tenantDomains { source } }')}`, {
      headers: { authorization: `Bearer ${await h.token(tenant)}` },
    });
    expect(csrf.status).toBe(400);
    expect(await csrf.text()).toMatch(/CSRF/i);
  });

  it('accepts an ordinary deep-enough query and shows when the next scheduled sync is', async () => {
    const ws = h.notion.seedWorkspace({ name: 'Limits', persons: 2 });
    await connectWorkspace(h, tenant, ws.id);
    const res = await h.gql(
      `{ apps(first: 10) { edges { node { name nextSyncAt members(first: 10) { edges { node { email accounts { workspace { name } } } } } } } }
         connections { nextSyncAt stale } }`,
      {},
      { tenant },
    );
    expect(res.errors).toBeUndefined();
    const next = new Date(res.data.apps.edges[0].node.nextSyncAt);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    // The connection's own slot in SYNC_CRON's yearly window (ADR 0012): this window's, or the next one's.
    const { SyncSchedule, slotKey } = await import('../../src/sync/schedule-slots');
    expect(next).toEqual(new SyncSchedule('0 0 1 1 *').nextSlot(slotKey(tenant, 'notion', ws.id)));
    expect(res.data.connections).toEqual([{ nextSyncAt: next.toISOString(), stale: false }]);
  });
});
