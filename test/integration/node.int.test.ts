import { connectWorkspace, syncNow } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** One object of every Node type, with the fields that say which object it is. */
const EVERY_TYPE = `query($appId: ID!, $since: DateTimeISO!, $email: String!) {
  connections { id connectionId workspaceId lastSync { id runId } workspace { id externalId provider } }
  user(email: $email) { id email accounts { id accountId } }
  membershipChanges(appId: $appId, since: $since) { edges { node { id kind email } } }
  auditEvents(first: 1) { edges { node { id action } } }
}`;

const NODE = `query($id: ID!) { node(id: $id) { __typename id
  ... on Connection { connectionId } ... on Workspace { externalId } ... on User { email } ... on Account { accountId }
  ... on SyncRun { runId } ... on MembershipChange { email kind } ... on AuditEvent { action } } }`;

describe('Global Object Identification: node, nodes and global ids', () => {
  const tenant = newTenant();
  const other = newTenant();
  let ids: Record<string, { id: string; expect: Record<string, unknown> }>;
  let rawConnectionId: string;
  let rawAppId: string;

  beforeAll(async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const ws = h.notion.seedWorkspace({ name: 'Globally', persons: 3 });
    rawAppId = ws.id;
    const connectionId = await connectWorkspace(h, tenant, ws.id);
    ws.members.push({
      id: 'cccccccc-0000-4000-8000-0000000000aa',
      type: 'person',
      name: 'Joiner',
      avatar_url: null,
      email: 'joiner@global.example',
    });
    await syncNow(h, tenant, connectionId);
    const res = await h.gql(EVERY_TYPE, { appId: ws.id, since, email: 'joiner@global.example' }, { tenant });
    expect(res.errors).toBeUndefined();
    const c = res.data.connections[0];
    rawConnectionId = c.connectionId;
    const account = res.data.user.accounts[0];
    const change = res.data.membershipChanges.edges[0].node;
    const event = res.data.auditEvents.edges[0].node;
    ids = {
      Connection: { id: c.id, expect: { connectionId: c.connectionId } },
      Workspace: { id: c.workspace.id, expect: { externalId: ws.id } },
      User: { id: res.data.user.id, expect: { email: 'joiner@global.example' } },
      Account: { id: account.id, expect: { accountId: account.accountId } },
      SyncRun: { id: c.lastSync.id, expect: { runId: c.lastSync.runId } },
      MembershipChange: { id: change.id, expect: { email: 'joiner@global.example', kind: 'JOINED' } },
      AuditEvent: { id: event.id, expect: { action: event.action } },
    };
  });

  it('gives every Node type an opaque id, unique across types, that node() round-trips', async () => {
    expect(new Set(Object.values(ids).map((x) => x.id)).size).toBe(7);
    for (const [type, { id, expect: fields }] of Object.entries(ids)) {
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      const res = await h.gql(NODE, { id }, { tenant });
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toEqual({ __typename: type, id, ...fields });
    }
    expect(rawConnectionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps ids stable across syncs', async () => {
    await syncNow(h, tenant, ids.Connection.id);
    const again = await h.gql(
      EVERY_TYPE,
      { appId: ids.Workspace.id, since: new Date(0).toISOString(), email: 'joiner@global.example' },
      { tenant },
    );
    expect(again.data.connections[0].id).toBe(ids.Connection.id);
    expect(again.data.connections[0].workspace.id).toBe(ids.Workspace.id);
    expect(again.data.user.id).toBe(ids.User.id);
    expect(again.data.user.accounts[0].id).toBe(ids.Account.id);
  });

  it("answers null for another tenant's ids exactly as for unknown ones, and for garbage", async () => {
    for (const { id } of Object.values(ids)) {
      const res = await h.gql(NODE, { id }, { tenant: other, role: 'admin' });
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toBeNull();
    }
    const forged = Buffer.from(JSON.stringify(['Connection', 'no-such-connection'])).toString('base64url');
    for (const id of [forged, 'not-an-id', rawConnectionId, '']) {
      const res = await h.gql(NODE, { id }, { tenant });
      expect(res.data.node).toBeNull();
    }
    const many = await h.gql(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      { ids: Object.values(ids).map((x) => x.id) },
      { tenant: other },
    );
    expect(many.data.nodes).toEqual(Object.values(ids).map(() => null));
  });

  it('nodes() answers in order with null for unknown ids, and refuses more than 100 ids', async () => {
    const list = [ids.User.id, 'unknown', ids.Connection.id];
    const res = await h.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: list }, { tenant });
    expect(res.data.nodes).toEqual([{ __typename: 'User', id: ids.User.id }, null, { __typename: 'Connection', id: ids.Connection.id }]);
    const tooMany = await h.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array(101).fill(ids.User.id) }, { tenant });
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_IDS' });
  });

  it('keeps audit events to admins: a viewer gets FORBIDDEN for one, and the other nodes still', async () => {
    const res = await h.gql(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      { ids: [ids.AuditEvent.id, ids.User.id] },
      { tenant, role: 'viewer' },
    );
    expect(res.data.nodes).toEqual([null, { id: ids.User.id }]);
    expect(res.errors?.[0]).toMatchObject({ path: ['nodes', 0], extensions: { code: 'FORBIDDEN' } });
  });

  it('takes global ids, and raw ids for the deprecation period, in every id argument; another type’s id is not found', async () => {
    const RUNS = `query($id: ID!) { connection(id: $id) { id } syncRuns(connectionId: $id, first: 1) { edges { node { id } } } }`;
    for (const id of [ids.Connection.id, rawConnectionId]) {
      const res = await h.gql(RUNS, { id }, { tenant });
      expect(res.errors).toBeUndefined();
      expect(res.data.connection.id).toBe(ids.Connection.id);
    }
    const wrongType = await h.gql(`query($id: ID!) { connection(id: $id) { id } }`, { id: ids.Workspace.id }, { tenant });
    expect(wrongType.data.connection).toBeNull();
    const MEMBERS = `query($app: ID!, $ws: String!) {
      membershipChanges(appId: $app, since: "2000-01-01T00:00:00Z") { edges { node { email } } }
      users(filter: { workspaceId: $ws }) { totalCount } }`;
    for (const app of [ids.Workspace.id, rawAppId]) {
      const res = await h.gql(MEMBERS, { app, ws: app }, { tenant });
      expect(res.errors).toBeUndefined();
      expect(res.data.membershipChanges.edges).toEqual([{ node: { email: 'joiner@global.example' } }]);
      expect(res.data.users.totalCount).toBe(4);
    }
    // A mutation given the global id records the raw one as its audit target, as before.
    await h.gql(`mutation($id: ID!) { syncConnection(connectionId: $id) { id } }`, { id: ids.Connection.id }, { tenant, role: 'admin' });
    await h.app.sync.idle();
    const [event] = await h.cypher<{ target: string }>(
      "MATCH (e:AuditEvent {tenantId: $tenant, action: 'syncConnection'}) RETURN e.target AS target ORDER BY e.at DESC LIMIT 1",
      { tenant },
    );
    expect(event.target).toBe(rawConnectionId);
  });
});
