import { UNSEEN } from '../../src/graph/graph';
import { connectWorkspace, getConnection, memberEmails, syncNow } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('a sync of a Notion workspace', () => {
  it('writes the workspace, one User per emailed person, and records the run', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Sync One', persons: 120, bots: 2, noEmailPersons: 3 });
    const id = await connectWorkspace(h, tenant, ws.id);

    const connection = await getConnection(h, tenant, id);
    expect(connection).toMatchObject({
      provider: 'NOTION',
      status: 'CONNECTED',
      memberAccess: 'FULL',
      memberAccessMessage: null,
      workspaceId: ws.id,
      workspace: { id: ws.id, name: 'Sync One', memberCount: 120 },
      lastSync: {
        status: 'SUCCEEDED',
        error: null,
        membersSeen: 125,
        usersUpserted: 120,
        botsSkipped: 2,
        noEmailSkipped: 3,
        membershipsRemoved: 0,
      },
    });
    expect(connection.workspace.botId).toEqual(expect.any(String));

    const expected = ws.members
      .filter((m) => m.type === 'person' && m.email)
      .map((m) => m.email!.toLowerCase())
      .sort();
    expect(await memberEmails(h, tenant, ws.id)).toEqual(expected);

    const [account] = await h.cypher(
      `MATCH (u:User {tenantId: $tenant})-[:HAS_ACCOUNT]->(a:UserAccount:NotionUser) WHERE a.externalId = $id
       RETURN properties(u) AS user, a.name AS name, a.email AS email, a.avatarUrl AS avatarUrl, a.provider AS provider`,
      { tenant, id: ws.members[0].id },
    );
    expect(account).toEqual({
      user: {
        tenantId: tenant,
        email: ws.members[0].email!.toLowerCase(),
        firstSeen: expect.any(Date),
        current: true,
        name: ws.members[0].name,
      },
      name: ws.members[0].name,
      email: ws.members[0].email!.toLowerCase(),
      avatarUrl: ws.members[0].avatar_url,
      provider: 'notion',
    });
    const [counts] = await h.cypher(
      `MATCH (w:SaaSApp {tenantId: $tenant, id: $ws})
       RETURN labels(w) AS labels, COUNT { (:UserAccount)-[:MEMBER_OF]->(w) } AS members`,
      { tenant, ws: ws.id },
    );
    expect(counts).toEqual({ labels: expect.arrayContaining(['SaaSApp', 'NotionWorkspace']), members: 120 });
  });

  it('keys Users by normalised email, keeps the raw value, and keeps Notion attributes off the User', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({
      name: 'Casing',
      members: [
        {
          id: 'aaaaaaaa-0000-4000-8000-000000000001',
          type: 'person',
          name: 'Ann',
          avatar_url: 'javascript:alert(1)',
          email: '  Ann.Lee@Example.COM ',
        },
      ],
    });
    await connectWorkspace(h, tenant, ws.id);
    const rows = await h.cypher(
      `MATCH (u:User {tenantId: $tenant})-[:HAS_ACCOUNT]->(a) RETURN u.email AS email, keys(u) AS userKeys, a.emailRaw AS raw, a.avatarUrl AS avatar`,
      { tenant },
    );
    expect(rows).toEqual([
      {
        email: 'ann.lee@example.com',
        userKeys: expect.arrayContaining(['email', 'tenantId', 'firstSeen']),
        raw: '  Ann.Lee@Example.COM ',
        avatar: null,
      },
    ]);
    // The key, first sighting and the core's stored summary (current, display name); no Notion attribute.
    expect((rows[0].userKeys as string[]).sort()).toEqual(['current', 'email', 'firstSeen', 'name', 'tenantId']);
    const found = await h.gql(
      `{ user(email: " ANN.lee@example.com") { email accounts { provider externalId name email avatarUrl workspace { id: externalId } } } }`,
      {},
      { tenant },
    );
    expect(found.data.user).toEqual({
      email: 'ann.lee@example.com',
      accounts: [
        {
          provider: 'NOTION',
          externalId: 'aaaaaaaa-0000-4000-8000-000000000001',
          name: 'Ann',
          email: 'ann.lee@example.com',
          avatarUrl: null,
          workspace: { id: ws.id },
        },
      ],
    });
  });

  it('removes a member gone from Notion only after a complete enumeration, and keeps the ended membership as history', async () => {
    const tenant = newTenant();
    const a = h.notion.seedWorkspace({ name: 'Leavers A', persons: 150 });
    const b = h.notion.seedWorkspace({ name: 'Leavers B', members: [{ ...a.members[1], id: 'bbbbbbbb-0000-4000-8000-000000000002' }] });
    const id = await connectWorkspace(h, tenant, a.id);
    await connectWorkspace(h, tenant, b.id);
    const before = await memberEmails(h, tenant, a.id);
    const [gone, shared] = [a.members[0], a.members[1]];
    a.members.splice(0, 2);

    // A failure on the second page: the run fails, nothing is removed.
    h.notion.injectFault({
      path: '/v1/users',
      workspaceId: a.id,
      afterRequests: 1,
      kind: 'status',
      status: 400,
      code: 'validation_error',
      message: 'bad cursor',
      times: 1,
    });
    const failed = await syncNow(h, tenant, id);
    expect(failed.lastSync).toMatchObject({ status: 'FAILED', membershipsRemoved: 0 });
    expect(failed.lastSync.error).toMatch(/400 validation_error/);
    expect(failed.status).toBe('CONNECTED');
    expect(await memberEmails(h, tenant, a.id)).toEqual(before);

    // A complete run ends both memberships: MEMBER_OF becomes FORMER_MEMBER_OF with removedAt, Users stay.
    const ok = await syncNow(h, tenant, id);
    expect(ok.lastSync).toMatchObject({ status: 'SUCCEEDED', membershipsRemoved: 2, usersUpserted: 148 });
    expect(await memberEmails(h, tenant, a.id)).toEqual(before.filter((e) => e !== gone.email && e !== shared.email));
    const former = await h.cypher<{ email: string; removedAt: Date }>(
      `MATCH (u:User {tenantId: $tenant})-[:HAS_ACCOUNT]->(acc:UserAccount)-[:FORMER_MEMBER_OF]->(:SaaSApp {id: $ws})
       RETURN u.email AS email, acc.removedAt AS removedAt ORDER BY email`,
      { tenant, ws: a.id },
    );
    expect(former).toEqual([gone.email, shared.email].sort().map((email) => ({ email, removedAt: expect.any(Date) })));
    // The API's default lists show current members only: the shared person (still in B) stays, the other does not.
    const listed = await h.gql(`{ users(first: 100) { edges { node { email } } } }`, {}, { tenant });
    const emails = listed.data.users.edges.map((e: any) => e.node.email);
    expect(emails).toContain(shared.email);
    expect(emails).not.toContain(gone.email);
  });

  it('fails the run on a malformed /v1/users body and leaves the graph as it was', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Garbage', persons: 130 });
    const id = await connectWorkspace(h, tenant, ws.id);
    const before = await memberEmails(h, tenant, ws.id);
    ws.members.splice(0, 10);
    h.notion.injectFault({ path: '/v1/users', workspaceId: ws.id, afterRequests: 1, kind: 'malformed' });
    const c = await syncNow(h, tenant, id);
    expect(c).toMatchObject({ status: 'CONNECTED', lastSync: { status: 'FAILED', membershipsRemoved: 0 } });
    expect(c.lastSync.error).toMatch(/JSON|unexpected/i);
    expect(await memberEmails(h, tenant, ws.id)).toEqual(before);
  });

  it('moves an account to a new User when the member changes email, dropping the orphaned User', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Renames', persons: 3 });
    const id = await connectWorkspace(h, tenant, ws.id);
    const old = ws.members[0].email!;
    ws.members[0].email = 'renamed@example.org';
    await syncNow(h, tenant, id);
    const rows = await h.cypher(
      'MATCH (u:User {tenantId: $tenant}) WHERE u.email IN $e OPTIONAL MATCH (u)-[:HAS_ACCOUNT]->(a) RETURN u.email AS email, a.externalId AS account',
      {
        tenant,
        e: [old, 'renamed@example.org'],
      },
    );
    expect(rows).toEqual([{ email: 'renamed@example.org', account: ws.members[0].id }]);
  });

  it('returns the running run to a second syncConnection', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Twice', persons: 50 });
    const id = await connectWorkspace(h, tenant, ws.id);
    const q = `mutation($id: ID!) { syncConnection(connectionId: $id) { id: runId status } }`;
    const [one, two] = await Promise.all([h.gql(q, { id }, { tenant }), h.gql(q, { id }, { tenant })]);
    expect(one.data.syncConnection.status).toBe('RUNNING');
    expect(two.data.syncConnection.id).toBe(one.data.syncConnection.id);
    await h.app.sync.idle();
  });

  it('syncs a connection once when two replicas are asked at the same time, and releases the lease', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Replicas', persons: 300 });
    const id = await connectWorkspace(h, tenant, ws.id);
    const other = await h.replica();
    try {
      const connection = (await h.app.services.connections.get(tenant, id))!;
      const [a, b] = await Promise.all([h.app.sync.start(connection, 'manual'), other.sync.start(connection, 'manual')]);
      expect(b.run.id).toBe(a.run.id);
      await Promise.all([a.done, b.done, h.app.sync.idle(), other.sync.idle()]);
      const runs = await h.cypher<{ n: number }>('MATCH (:Connection {id: $id})-[:HAS_RUN]->(r) RETURN count(r) AS n', { id });
      expect(runs).toEqual([{ n: 2 }]); // the first sync on connect, then exactly one more
      expect(await h.cypher('MATCH (c:Connection {id: $id}) RETURN c.leaseOwner AS owner, c.leaseRunId AS run', { id })).toEqual([
        { owner: null, run: null },
      ]);
    } finally {
      await other.close();
    }
  });

  it('takes over the lease of a process that died mid-run once it expires', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Crashed', persons: 5 });
    const id = await connectWorkspace(h, tenant, ws.id);
    // A dead process's claim: its run RUNNING, its lease expired a minute ago.
    await h.app.graph.write(
      `MATCH (c:Connection {id: $id})
       CREATE (c)-[:HAS_RUN]->(:SyncRun {id: 'gone-' + $id, tenantId: c.tenantId, connectionId: $id, trigger: 'manual', status: 'RUNNING',
         startedAt: datetime() - duration('PT3M')})
       SET c.leaseOwner = 'dead-process', c.leaseRunId = 'gone-' + $id, c.leaseClaimedAt = datetime() - duration('PT3M'),
           c.leaseExpiresAt = datetime() - duration('PT1M')`,
      { id },
      UNSEEN,
    );
    const c = await syncNow(h, tenant, id);
    expect(c.lastSync).toMatchObject({ status: 'SUCCEEDED', usersUpserted: 5 });
    const [dead] = await h.cypher('MATCH (r:SyncRun {id: $run}) RETURN r.status AS status, r.error AS error', { run: `gone-${id}` });
    expect(dead).toEqual({ status: 'FAILED', error: 'the process running it stopped' });
  });

  it('calls only the OAuth and users endpoints of Notion during connect and sync', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Endpoints', persons: 230, bots: 1 });
    const start = h.notion.requests.length;
    const id = await connectWorkspace(h, tenant, ws.id);
    await syncNow(h, tenant, id);
    const paths = new Set(h.notion.requests.slice(start).map((r) => `${r.method} ${r.path}`));
    expect([...paths].sort()).toEqual(['GET /v1/users', 'GET /v1/users/me', 'POST /v1/oauth/token']);
  });
});
