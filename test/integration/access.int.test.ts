import { UNSEEN } from '../../src/graph/graph';
import { connectWorkspace, getConnection, memberEmails, syncNow } from '../support/flows';
import { type Harness, newTenant, REDIRECT_URI, startHarness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('what the grant allows', () => {
  it('a removed integration makes the connection NEEDS_REAUTH; reconnect restores CONNECTED and syncs', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Removed', persons: 10 });
    const id = await connectWorkspace(h, tenant, ws.id);
    const before = await memberEmails(h, tenant, ws.id);

    h.notion.removeIntegration(ws.id);
    const broken = await syncNow(h, tenant, id);
    expect(broken).toMatchObject({ status: 'NEEDS_REAUTH', lastSync: { status: 'FAILED', membershipsRemoved: 0 } });
    expect(broken.statusReason).toMatch(/Reconnect/);
    expect(await memberEmails(h, tenant, ws.id)).toEqual(before);
    const refused = await h.gql(`mutation($id: ID!) { syncConnection(connectionId: $id) { id: runId } }`, { id }, { tenant });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'CONNECTION_NOT_CONNECTED' });

    ws.members.push({
      id: 'cccccccc-0000-4000-8000-000000000003',
      type: 'person',
      name: 'New',
      avatar_url: null,
      email: 'new@removed.example.com',
    });
    const again = await h.gql(`mutation($id: ID!) { reconnectNotion(connectionId: $id) { authorizationUrl state } }`, { id }, { tenant });
    const code = h.notion.authorize({ workspaceId: ws.id, capability: 'email', redirectUri: REDIRECT_URI });
    const done = await h.gql(
      `mutation($c: String!, $s: String!) { completeNotionOAuth(code: $c, state: $s) { id: connectionId status } }`,
      { c: code, s: again.data.reconnectNotion.state },
      { tenant },
    );
    expect(done.data.completeNotionOAuth).toEqual({ id, status: 'CONNECTED' });
    await h.app.sync.idle();
    const healed = await getConnection(h, tenant, id);
    expect(healed).toMatchObject({ status: 'CONNECTED', statusReason: null, lastSync: { status: 'SUCCEEDED', usersUpserted: 11 } });
    expect(await memberEmails(h, tenant, ws.id)).toEqual([...before, 'new@removed.example.com'].sort());
  });

  it('an expired access token is refreshed once, the rotated pair stored, and the sync goes on', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Refresh', persons: 4 });
    const id = await connectWorkspace(h, tenant, ws.id);
    const [before] = await h.cypher<{ k: string }>('MATCH (k:Credential {connectionId: $id}) RETURN k.accessToken AS k', { id });
    h.notion.expireAccessTokens(ws.id);
    const c = await syncNow(h, tenant, id);
    expect(c).toMatchObject({ status: 'CONNECTED', lastSync: { status: 'SUCCEEDED', usersUpserted: 4 } });
    const [after] = await h.cypher<{ k: string }>('MATCH (k:Credential {connectionId: $id}) RETURN k.accessToken AS k', { id });
    expect(after.k).not.toBe(before.k);
    expect(h.notion.tokens(ws.id).accessTokens).toHaveLength(2);
    // The rotated token is the one in use now: a further sync needs no refresh.
    const refreshes = () => h.notion.requests.filter((r) => r.path === '/v1/oauth/token' && r.workspaceId === ws.id).length;
    const n = refreshes();
    await syncNow(h, tenant, id);
    expect(refreshes()).toBe(n);
  });

  it('rides out a 429 with Retry-After and a 503 through the SDK retries', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Busy', persons: 150 });
    const id = await connectWorkspace(h, tenant, ws.id);
    h.notion.injectFault({ path: '/v1/users', workspaceId: ws.id, kind: 'status', status: 429, code: 'rate_limited', retryAfter: 1 });
    h.notion.injectFault({
      path: '/v1/users',
      workspaceId: ws.id,
      afterRequests: 1,
      kind: 'status',
      status: 503,
      code: 'service_unavailable',
    });
    const c = await syncNow(h, tenant, id);
    expect(c.lastSync).toMatchObject({ status: 'SUCCEEDED', usersUpserted: 150, membershipsRemoved: 0 });
    const statuses = h.notion.requests.filter((r) => r.path === '/v1/users' && r.workspaceId === ws.id).map((r) => r.status);
    expect(statuses).toEqual(expect.arrayContaining([429, 503]));
  });

  it('a stored token the configured key cannot open puts the connection in ERROR, and reconnect heals it', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Unreadable', persons: 2 });
    const id = await connectWorkspace(h, tenant, ws.id);
    await h.app.graph.write(`MATCH (k:Credential {connectionId: $id}) SET k.accessToken = 'v1.other.aaaa.bbbb.cccc'`, { id }, UNSEEN);
    const c = await syncNow(h, tenant, id);
    expect(c).toMatchObject({ status: 'ERROR', lastSync: { status: 'FAILED', membershipsRemoved: 0 } });
    expect(c.statusReason).toMatch(/TOKEN_ENCRYPTION_KEY/);
    await connectWorkspace(h, tenant, ws.id);
    expect(await getConnection(h, tenant, id)).toMatchObject({ status: 'CONNECTED', lastSync: { status: 'SUCCEEDED' } });
  });

  it('reconnecting to another workspace is refused and leaves the connection as it was', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Mine', persons: 2 });
    const other = h.notion.seedWorkspace({ name: 'Not mine', persons: 2 });
    const id = await connectWorkspace(h, tenant, ws.id);
    const again = await h.gql(`mutation($id: ID!) { reconnectNotion(connectionId: $id) { state } }`, { id }, { tenant });
    const code = h.notion.authorize({ workspaceId: other.id, redirectUri: REDIRECT_URI });
    const res = await h.gql(
      `mutation($c: String!, $s: String!) { completeNotionOAuth(code: $c, state: $s) { id: connectionId } }`,
      { c: code, s: again.data.reconnectNotion.state },
      { tenant },
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'WORKSPACE_MISMATCH' });
    expect(await getConnection(h, tenant, id)).toMatchObject({ status: 'CONNECTED', workspaceId: ws.id });
    expect(await h.cypher('MATCH (w:SaaSApp {tenantId: $tenant}) RETURN w.id AS id', { tenant })).toEqual([{ id: ws.id }]);
  });

  it('a grant without user-read syncs the workspace with no members, removes nothing, and says why', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'No users', persons: 5 });
    const id = await connectWorkspace(h, tenant, ws.id, 'none');
    const c = await getConnection(h, tenant, id);
    expect(c).toMatchObject({
      status: 'CONNECTED',
      memberAccess: 'NONE',
      workspace: { id: ws.id, name: 'No users', memberCount: 0 },
      lastSync: { status: 'SUCCEEDED', usersUpserted: 0, membershipsRemoved: 0 },
    });
    expect(c.memberAccessMessage).toMatch(/Read user information including email addresses/);
    expect(c.lastSync.warning).toBe(c.memberAccessMessage);

    // A connection that had members and loses the capability keeps them.
    const full = newTenant();
    const fid = await connectWorkspace(h, full, ws.id);
    const before = await memberEmails(h, full, ws.id);
    h.notion.setCapability(ws.id, 'none');
    expect(await syncNow(h, full, fid)).toMatchObject({ memberAccess: 'NONE', lastSync: { status: 'SUCCEEDED', membershipsRemoved: 0 } });
    expect(await memberEmails(h, full, ws.id)).toEqual(before);
  });

  it('members listed without email: no Users, nothing removed, NO_EMAIL', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'No email', persons: 4, bots: 1 });
    const id = await connectWorkspace(h, tenant, ws.id);
    const before = await memberEmails(h, tenant, ws.id);
    h.notion.setCapability(ws.id, 'no_email');
    const c = await syncNow(h, tenant, id);
    expect(c).toMatchObject({
      memberAccess: 'NO_EMAIL',
      lastSync: { status: 'SUCCEEDED', membersSeen: 5, usersUpserted: 0, noEmailSkipped: 4, botsSkipped: 1, membershipsRemoved: 0 },
    });
    expect(c.memberAccessMessage).toMatch(/without email/);
    expect(await memberEmails(h, tenant, ws.id)).toEqual(before);
  });

  it('disconnect revokes at Notion, deletes the stored tokens, keeps the synced data', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Bye', persons: 3 });
    const id = await connectWorkspace(h, tenant, ws.id);
    const before = await memberEmails(h, tenant, ws.id);
    const res = await h.gql(
      `mutation($id: ID!) { disconnectNotion(connectionId: $id) { id: connectionId status statusReason } }`,
      { id },
      { tenant },
    );
    expect(res.data.disconnectNotion).toMatchObject({ id, status: 'DISCONNECTED' });
    expect(await h.cypher('MATCH (k:Credential {connectionId: $id}) RETURN k', { id })).toEqual([]);
    expect(h.notion.requests.some((r) => r.path === '/v1/oauth/revoke' && r.status === 200)).toBe(true);
    expect(await memberEmails(h, tenant, ws.id)).toEqual(before);
    const syncable = await h.app.services.connections.listSyncable();
    expect(syncable.map((c) => c.id)).not.toContain(id);
  });

  it('disconnect with purge deletes the workspace, its accounts and history, and users with no other account', async () => {
    const tenant = newTenant();
    const domain = `purge-${Date.now()}.example.com`;
    const a = h.notion.seedWorkspace({ name: 'Purged', persons: 4, domain });
    const b = h.notion.seedWorkspace({ name: 'Kept', persons: 2, domain }); // person0 and person1 are in both
    const idA = await connectWorkspace(h, tenant, a.id);
    await connectWorkspace(h, tenant, b.id);
    a.members.splice(3, 1); // one leaver, so A has history too
    await syncNow(h, tenant, idA);

    const res = await h.gql(
      `mutation($id: ID!) { disconnectNotion(connectionId: $id, purge: true) { id: connectionId status statusReason workspace { id: externalId } } }`,
      { id: idA },
      { tenant },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.disconnectNotion).toMatchObject({ id: idA, status: 'DISCONNECTED', workspace: null });
    expect(res.data.disconnectNotion.statusReason).toMatch(/purged/);
    const count = async (cypher: string) => (await h.cypher<{ n: number }>(cypher, { tenant, ws: a.id }))[0].n;
    expect(await count('MATCH (w:SaaSApp {tenantId: $tenant, id: $ws}) RETURN count(w) AS n')).toBe(0);
    expect(await count('MATCH (x:UserAccount {tenantId: $tenant, appId: $ws}) RETURN count(x) AS n')).toBe(0);
    expect(await count('MATCH (m:MembershipChange {tenantId: $tenant, appId: $ws}) RETURN count(m) AS n')).toBe(0);
    // person0/1 stay (they are in Kept); person2/3 were only in Purged.
    const users = await h.gql(
      `{ users(first: 10, filter: { emailDomain: "${domain}" }) { totalCount edges { node { email accounts { workspace { name } } } } } }`,
      {},
      { tenant },
    );
    expect(users.data.users.totalCount).toBe(2);
    expect(users.data.users.edges.map((e: { node: { email: string } }) => e.node.email).sort()).toEqual([
      `person0@${domain}`,
      `person1@${domain}`,
    ]);
    // The run history stays as the audit trail.
    const runs = await h.gql(
      `query($id: ID!) { syncRuns(connectionId: $id) { edges { node { id: runId status } } } }`,
      { id: idA },
      { tenant },
    );
    expect(runs.data.syncRuns.edges).toHaveLength(2);
    expect(await memberEmails(h, tenant, b.id)).toEqual([`person0@${domain}`, `person1@${domain}`]);
  });
});
