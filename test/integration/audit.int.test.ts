import { type Harness, newTenant, REDIRECT_URI, startHarness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const EVENTS = `query($first: Int, $after: String, $since: DateTimeISO) {
  auditEvents(first: $first, after: $after, since: $since) {
    edges { cursor node { id actor action target outcome reason options at } } pageInfo { hasNextPage endCursor } } }`;

type Event = {
  id: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: string;
  reason: string | null;
  options: string | null;
  at: string;
};

async function events(tenant: string, vars: Record<string, unknown> = {}): Promise<Event[]> {
  const res = await h.gql(EVENTS, { first: 100, ...vars }, { tenant, role: 'admin' });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.auditEvents.edges.map((e: { node: Event }) => e.node);
}

const brief = (e: Event) => [e.actor, e.action, e.target, e.outcome, e.reason, e.options];

describe('the audit trail', () => {
  it('records every mutation, successful, failed or refused, with actor, target and outcome, and never a code, state or token', async () => {
    const tenant = newTenant();
    const alice = { tenant, sub: 'auth0|alice' };
    const ws = h.notion.seedWorkspace({ name: 'Audited', persons: 2 });

    const started = await h.gql(`mutation { connectNotion { state } }`, {}, alice);
    const state = started.data.connectNotion.state as string;
    const code = h.notion.authorize({ workspaceId: ws.id, redirectUri: REDIRECT_URI });
    const done = await h.gql(
      `mutation($c: String!, $s: String!) { completeNotionOAuth(code: $c, state: $s) { id } }`,
      { c: code, s: state },
      alice,
    );
    const id = done.data.completeNotionOAuth.id as string;
    await h.app.sync.idle();
    await h.gql(`mutation($id: ID!) { syncConnection(connectionId: $id) { id } }`, { id }, alice);
    await h.app.sync.idle();
    await h.gql(`mutation { syncConnection(connectionId: "no-such-connection") { id } }`, {}, alice);
    await h.gql(
      `mutation($id: ID!) { disconnectNotion(connectionId: $id, purge: true) { id } }`,
      { id },
      { tenant, role: 'viewer', sub: 'okta|bob' },
    );
    await h.gql(`mutation($id: ID!) { confirmSyncShrink(connectionId: $id) { id } }`, { id }, alice);
    await h.gql(`mutation { setTenantDomains(domains: ["audited.example.test"]) { source } }`, {}, { tenant }); // no sub
    await h.gql(`mutation($id: ID!) { disconnectNotion(connectionId: $id, purge: true) { id } }`, { id }, alice);
    // Two mutations in one request are two events.
    await h.gql(
      `mutation($id: ID!) { a: reconnectNotion(connectionId: $id) { state } b: syncConnection(connectionId: $id) { id } }`,
      { id },
      alice,
    );

    const trail = await events(tenant);
    // The two of one request may share a millisecond, so their order is not asserted.
    expect(trail.slice(0, 2).map(brief)).toEqual(
      expect.arrayContaining([
        ['auth0|alice', 'syncConnection', id, 'CONFLICT', 'CONNECTION_NOT_CONNECTED', null],
        ['auth0|alice', 'reconnectNotion', id, 'ok', null, null],
      ]),
    );
    expect(trail.slice(2).map(brief)).toEqual([
      ['auth0|alice', 'disconnectNotion', id, 'ok', null, '{"purge":true}'],
      ['unknown', 'setTenantDomains', null, 'ok', null, null],
      ['auth0|alice', 'confirmSyncShrink', id, 'BAD_USER_INPUT', 'NO_PENDING_SHRINK', null],
      ['okta|bob', 'disconnectNotion', id, 'FORBIDDEN', 'ADMIN_ROLE_REQUIRED', '{"purge":true}'],
      ['auth0|alice', 'syncConnection', 'no-such-connection', 'NOT_FOUND', 'CONNECTION_NOT_FOUND', null],
      ['auth0|alice', 'syncConnection', id, 'ok', null, null],
      ['auth0|alice', 'completeNotionOAuth', id, 'ok', null, null],
      ['auth0|alice', 'connectNotion', null, 'ok', null, null],
    ]);
    expect(trail).toHaveLength(10);
    const times = trail.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const stored = JSON.stringify(await h.cypher('MATCH (e:AuditEvent {tenantId: $tenant}) RETURN properties(e) AS p', { tenant }));
    const tokens = h.notion.tokens(ws.id);
    expect(tokens.accessTokens.length).toBeGreaterThan(0);
    for (const secret of [code, state, ...tokens.accessTokens, ...tokens.refreshTokens]) expect(stored).not.toContain(secret);
  });

  it('is scoped to the tenant, pages with cursors, and filters by since', async () => {
    const mine = newTenant();
    const theirs = newTenant();
    for (const d of ['a', 'b', 'c'])
      await h.gql(`mutation { setTenantDomains(domains: ["${d}.mine.example.test"]) { source } }`, {}, { tenant: mine, sub: 'me' });
    await h.gql(`mutation { setTenantDomains(domains: ["theirs.example.test"]) { source } }`, {}, { tenant: theirs, sub: 'them' });

    expect((await events(theirs)).map((e) => e.actor)).toEqual(['them']);
    const all = await events(mine);
    expect(all.map((e) => e.actor)).toEqual(['me', 'me', 'me']);

    const first = await h.gql(EVENTS, { first: 2 }, { tenant: mine });
    const page1 = first.data.auditEvents;
    expect(page1.edges.map((e: { node: Event }) => e.node.id)).toEqual(all.slice(0, 2).map((e) => e.id));
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await h.gql(EVENTS, { first: 2, after: page1.pageInfo.endCursor }, { tenant: mine });
    expect(second.data.auditEvents.edges.map((e: { node: Event }) => e.node.id)).toEqual([all[2].id]);
    expect(second.data.auditEvents.pageInfo.hasNextPage).toBe(false);
    // Another tenant's cursor names an event that is not theirs: it pages over their own events only.
    const foreign = await h.gql(EVENTS, { first: 2, after: page1.pageInfo.endCursor }, { tenant: theirs });
    expect(foreign.data.auditEvents.edges).toEqual([]);
    const bad = await h.gql(EVENTS, { after: 'bm90LWEtY3Vyc29y' }, { tenant: mine });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });

    expect((await events(mine, { since: all[1].at })).map((e) => e.id)).toEqual([all[0].id, all[1].id]);
    expect(await events(mine, { since: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
  });

  it("prunes events older than the retention, every tenant's, and keeps the rest", async () => {
    const tenant = newTenant();
    await h.gql(`mutation { setTenantDomains(domains: ["kept.example.test"]) { source } }`, {}, { tenant, sub: 'recent' });
    await h.app.graph.write(
      `UNWIND $ages AS age
       CREATE (:AuditEvent {id: randomUUID(), tenantId: $tenant, actor: 'age-' + toString(toInteger(age)), action: 'setTenantDomains', target: null,
         outcome: 'ok', reason: null, options: null, at: datetime() - duration({days: age})})`,
      { tenant, ages: [401, 500, 399] },
      { tenantId: tenant },
    );
    expect((await events(tenant)).map((e) => e.actor)).toEqual(['recent', 'age-399', 'age-401', 'age-500']);
    expect(await h.app.services.audit.prune(400, 1)).toBeGreaterThanOrEqual(2); // batches of one: the loop goes on until none is left
    expect((await events(tenant)).map((e) => e.actor)).toEqual(['recent', 'age-399']);
    expect(await h.app.services.audit.prune(400)).toBe(0);
  });

  it("costs the tenant nothing: a viewer's refused mutations move no version and empty no cache, and auditEvents is always fresh", async () => {
    const tenant = newTenant();
    await h.gql(`mutation { setTenantDomains(domains: ["cache.example.test"]) { source } }`, {}, { tenant, sub: 'admin' });
    const version = () => h.app.graph.tenantVersion(tenant);
    const before = await version();
    const read = '{ tenantDomains { domains } }';
    await h.gql(read, {}, { tenant, role: 'viewer' }); // fills the cache
    for (let i = 0; i < 5; i++) {
      const refused = await h.gql(`mutation { setTenantDomains(domains: []) { source } }`, {}, { tenant, role: 'viewer', sub: 'viewer' });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await version()).toBe(before);
    // Every refusal is in the trail at once, though no version moved.
    expect((await events(tenant)).map((e) => [e.actor, e.outcome])).toEqual([...Array(5).fill(['viewer', 'FORBIDDEN']), ['admin', 'ok']]);
    // The viewer's cached answer survived the refusals: served without a new read of the graph.
    const trips = h.app.graph.stats.roundTrips;
    expect((await h.gql(read, {}, { tenant, role: 'viewer' })).data.tenantDomains.domains).toEqual(['cache.example.test']);
    expect(h.app.graph.stats.roundTrips).toBe(trips);
  });
});
