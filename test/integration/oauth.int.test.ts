import { UNSEEN } from '../../src/graph/graph';
import { connectWorkspace } from '../support/flows';
import { CLIENT_ID, type Harness, newTenant, REDIRECT_URI, startHarness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const START = `mutation($r: String) { connectNotion(redirectUri: $r) { authorizationUrl state expiresAt } }`;
const COMPLETE = `mutation($c: String!, $s: String!) { completeNotionOAuth(code: $c, state: $s) { id: connectionId status } }`;

async function graphSnapshot(tenant: string) {
  // OAuth states are pending authorizations and audit events record attempts, not graph data: everything
  // else must stay as it was.
  return h.cypher(
    `MATCH (n {tenantId: $tenant}) WHERE NOT n:OAuthState AND NOT n:AuditEvent
     RETURN labels(n) AS labels, count(*) AS n, collect(properties(n)) AS props ORDER BY labels[0], size(labels)`,
    { tenant },
  );
}

describe('the OAuth mutations', () => {
  it("connectNotion returns Notion's authorize URL with a fresh state that expires in ten minutes", async () => {
    const tenant = newTenant();
    const res = await h.gql(START, {}, { tenant });
    const { authorizationUrl, state, expiresAt } = res.data.connectNotion;
    const url = new URL(authorizationUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${h.notion.url}/v1/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      owner: 'user',
      state,
    });
    expect(state.length).toBeGreaterThanOrEqual(40);
    const ttl = new Date(expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);
    const page = await fetch(authorizationUrl);
    expect(page.status).toBe(200);
  });

  it('refuses a replayed, expired, foreign or unknown state and a rejected code, leaving the graph as it was', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'States', persons: 2 });
    await connectWorkspace(h, tenant, ws.id);
    const code = () => h.notion.authorize({ workspaceId: ws.id, redirectUri: REDIRECT_URI });

    // replay: the state of a completed authorization
    const first = (await h.gql(START, {}, { tenant })).data.connectNotion.state;
    expect((await h.gql(COMPLETE, { c: code(), s: first }, { tenant })).errors).toBeUndefined();
    await h.app.sync.idle();
    const snapshot = await graphSnapshot(tenant);
    const replay = await h.gql(COMPLETE, { c: code(), s: first }, { tenant });
    expect(replay.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OAUTH_STATE_INVALID' });
    expect(replay.errors?.[0].message).toMatch(/click Connect/);

    // expired
    const old = (await h.gql(START, {}, { tenant })).data.connectNotion.state;
    await h.app.graph.write(`MATCH (s:OAuthState {id: $id}) SET s.expiresAt = datetime() - duration('PT1M')`, { id: old }, UNSEEN);
    const expired = await h.gql(COMPLETE, { c: code(), s: old }, { tenant });
    expect(expired.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OAUTH_STATE_EXPIRED' });

    // another tenant's state is not found, and stays usable by its owner
    const mine = (await h.gql(START, {}, { tenant })).data.connectNotion.state;
    const foreign = await h.gql(COMPLETE, { c: code(), s: mine }, { tenant: newTenant() });
    expect(foreign.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OAUTH_STATE_INVALID' });

    // Notion rejects the code (invalid_grant)
    const rejected = await h.gql(COMPLETE, { c: 'not-a-code', s: mine }, { tenant });
    expect(rejected.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OAUTH_CODE_REJECTED' });

    // the admin pressed Cancel: Notion redirected with error=access_denied; the state is closed
    const declined = (await h.gql(START, {}, { tenant })).data.connectNotion.state;
    const denied = await h.gql(
      `mutation($s: String!) { completeNotionOAuth(state: $s, error: "access_denied") { id: connectionId } }`,
      { s: declined },
      { tenant },
    );
    expect(denied.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OAUTH_ACCESS_DENIED' });
    const afterDenied = await h.gql(COMPLETE, { c: code(), s: declined }, { tenant });
    expect(afterDenied.errors?.[0].extensions).toMatchObject({ reason: 'OAUTH_STATE_INVALID' });

    // Notion answers the token request with garbage
    const garbled = (await h.gql(START, {}, { tenant })).data.connectNotion.state;
    h.notion.injectFault({ path: '/v1/oauth/token', kind: 'malformed' });
    const garbage = await h.gql(COMPLETE, { c: code(), s: garbled }, { tenant });
    expect(garbage.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(garbage.errors?.[0].message).toMatch(/try again/);

    const unknown = await h.gql(COMPLETE, { c: code(), s: 'nope' }, { tenant });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OAUTH_STATE_INVALID' });

    const bad = await h.gql(START, { r: 'javascript:alert(1)' }, { tenant });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_REDIRECT_URI' });

    expect(await graphSnapshot(tenant)).toEqual(snapshot);
  });

  it('refuses an authorization code used a second time', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Reused code', persons: 2 });
    const code = () => h.notion.authorize({ workspaceId: ws.id, redirectUri: REDIRECT_URI });
    const once = code();
    const s1 = (await h.gql(START, {}, { tenant })).data.connectNotion.state;
    expect((await h.gql(COMPLETE, { c: once, s: s1 }, { tenant })).errors).toBeUndefined();
    await h.app.sync.idle();
    const s2 = (await h.gql(START, {}, { tenant })).data.connectNotion.state;
    const reused = await h.gql(COMPLETE, { c: once, s: s2 }, { tenant });
    expect(reused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OAUTH_CODE_REJECTED' });
  });

  it('lets only one of two simultaneous completions of one state through', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Race', persons: 1 });
    const { state } = (await h.gql(START, {}, { tenant })).data.connectNotion;
    const code = () => h.notion.authorize({ workspaceId: ws.id, redirectUri: REDIRECT_URI });
    const results = await Promise.all([
      h.gql(COMPLETE, { c: code(), s: state }, { tenant }),
      h.gql(COMPLETE, { c: code(), s: state }, { tenant }),
    ]);
    await h.app.sync.idle();
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.find((r) => r.errors)?.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OAUTH_STATE_INVALID' });
  });

  it('connecting a workspace the tenant already has reuses its connection', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Twice connected', persons: 1 });
    const a = await connectWorkspace(h, tenant, ws.id);
    const b = await connectWorkspace(h, tenant, ws.id);
    expect(b).toBe(a);
    expect(await h.cypher('MATCH (c:Connection {tenantId: $tenant}) RETURN c.id AS id', { tenant })).toEqual([{ id: a }]);
  });

  it('stores tokens encrypted and never returns them', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Secrets', persons: 2 });
    const id = await connectWorkspace(h, tenant, ws.id);
    const { accessTokens, refreshTokens } = h.notion.tokens(ws.id);
    const [stored] = await h.cypher<{ k: Record<string, string> }>('MATCH (k:Credential {connectionId: $id}) RETURN properties(k) AS k', {
      id,
    });
    const everything =
      JSON.stringify(stored) + JSON.stringify(await h.cypher('MATCH (n {tenantId: $tenant}) RETURN properties(n) AS p', { tenant }));
    for (const secret of [...accessTokens, ...refreshTokens]) expect(everything).not.toContain(secret);
    expect(stored.k.accessToken).toMatch(/^v1\./);
    const logs = h.logLines.join('');
    for (const secret of [...accessTokens, ...refreshTokens]) expect(logs).not.toContain(secret);
    const res = await h.gql(
      `{ connections { id: connectionId } __type(name: "Connection") { fields(includeDeprecated: true) { name } } }`,
      {},
      { tenant },
    );
    expect(res.data.__type.fields.map((f: { name: string }) => f.name).filter((n: string) => /token|secret/i.test(n))).toEqual([]);
  });
});

describe('authentication and tenants', () => {
  it('refuses a missing, malformed, wrongly signed or tenant-less JWT with UNAUTHENTICATED', async () => {
    const q = '{ connections { id: connectionId } }';
    const cases = [
      [undefined, 'MISSING_TOKEN'],
      ['Bearer not.a.jwt', 'INVALID_TOKEN'],
      ['Bearer eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnRfaWQiOiJ4In0.c2lnbmF0dXJl', 'INVALID_TOKEN'],
      [`Bearer ${await h.token('', {})}`, 'MISSING_TENANT'],
    ] as const;
    for (const [header, reason] of cases) {
      const res = await h.gql(q, {}, { header: header ?? '' });
      expect(res.status).toBe(401);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
      expect(res.data ?? null).toBeNull();
    }
  });

  it("another tenant's connection behaves as not found", async () => {
    const owner = newTenant();
    const intruder = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Private', persons: 3 });
    const id = await connectWorkspace(h, owner, ws.id);
    const look = await h.gql(
      `query($id: ID!) { connection(id: $id) { id: connectionId } connections { id: connectionId } workspaces { id: externalId } users { totalCount } }`,
      { id },
      { tenant: intruder },
    );
    expect(look.data).toEqual({ connection: null, connections: [], workspaces: [], users: { totalCount: 0 } });
    for (const m of ['disconnectNotion', 'syncConnection']) {
      const res = await h.gql(`mutation($id: ID!) { ${m}(connectionId: $id) { id } }`, { id }, { tenant: intruder });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'CONNECTION_NOT_FOUND' });
    }
    const re = await h.gql(`mutation($id: ID!) { reconnectNotion(connectionId: $id) { state } }`, { id }, { tenant: intruder });
    expect(re.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await h.gql(`{ connections { id: connectionId status } }`, {}, { tenant: owner })).data.connections).toEqual([
      { id, status: 'CONNECTED' },
    ]);
  });
});
