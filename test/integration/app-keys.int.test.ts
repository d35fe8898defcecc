import { randomUUID } from 'node:crypto';
import { connectGoogle, connectWorkspace, syncNow } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

/**
 * ADR 0020 over the real stack: the graph keys an app by (tenant, provider, id), so two providers' apps that share
 * one external id in one tenant (here a Notion workspace and a Google Workspace customer, both synced through
 * their official clients from the stand-ins) stay two apps in every lookup the API makes: global ids, the
 * app-id argument, the `workspaceId` filter, member counts, connections' and accounts' apps. A raw id shared by
 * both is refused as ambiguous, naming each app's global id.
 */
jest.setTimeout(240_000); // the machine is shared: a sync can wait its turn
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h.close());

const person = (email: string) => ({ id: randomUUID(), type: 'person' as const, name: email.split('@')[0], avatar_url: null, email });

const APPS = `{ apps(first: 10) { edges { node { id externalId provider memberCount
  members(first: 10) { edges { node { email } } } } } } }`;
const CHANGES = `query($appId: ID!) { membershipChanges(appId: $appId, since: "2000-01-01T00:00:00Z", first: 50) {
  edges { node { email kind } } } }`;
const USERS = `query($w: String!) { users(first: 10, filter: { workspaceId: $w }) { edges { node { email } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { ... on Workspace { provider externalId memberCount } } }`;
const ACCOUNTS = `query($email: String!) { user(email: $email) { accounts { provider workspace { id provider externalId } } } }`;
const CONNECTIONS = `{ connections { provider workspace { id provider externalId } } }`;

describe('two apps of two providers sharing one external id in one tenant', () => {
  it('are two apps in every lookup; a raw id naming both is AMBIGUOUS_APP_ID', async () => {
    const tenant = newTenant();
    const shared = randomUUID();
    const d = `keys${shared.slice(0, 8)}.test`;
    const ws = h.notion.seedWorkspace({ id: shared, name: `Notion ${d}`, members: [person(`ada@${d}`), person(`bob@${d}`)] });
    h.google.seedCustomer({
      id: shared,
      domain: d,
      users: 1,
      extra: [{ primaryEmail: `ada@${d}` }, { primaryEmail: `cy@${d}` }, { primaryEmail: `dee@${d}` }],
    });
    const notionConnection = await connectWorkspace(h, tenant, shared);
    const googleConnection = await connectGoogle(h, tenant, shared);
    // A first sync is the baseline (no joins); one joiner each afterwards.
    ws.members.push(person(`eve@${d}`));
    h.google.addUser(shared, { primaryEmail: `fay@${d}` });
    await syncNow(h, tenant, notionConnection);
    await syncNow(h, tenant, googleConnection);

    const apps = (await h.gql(APPS, {}, { tenant })).data.apps.edges.map((e: any) => e.node);
    const members = (a: any) => a.members.edges.map((e: any) => e.node.email).sort();
    const notion = apps.find((a: any) => a.provider === 'NOTION');
    const google = apps.find((a: any) => a.provider === 'GOOGLE_WORKSPACE');
    expect(apps.map((a: any) => [a.provider, a.externalId]).sort()).toEqual([
      ['GOOGLE_WORKSPACE', shared],
      ['NOTION', shared],
    ]);
    expect(notion.id).not.toEqual(google.id);
    expect([notion.memberCount, members(notion)]).toEqual([3, [`ada@${d}`, `bob@${d}`, `eve@${d}`]]);
    // Google's admin (admin@, who consents) is a member too.
    expect(members(google)).toEqual(expect.arrayContaining([`ada@${d}`, `cy@${d}`, `dee@${d}`, `fay@${d}`]));
    expect(members(google).filter((e: string) => [`bob@${d}`, `eve@${d}`].includes(e))).toEqual([]);
    expect(google.memberCount).toBe(members(google).length);

    // node(id:), membershipChanges(appId:) and the workspaceId filter, by global id: exactly one app each.
    for (const [app, expected, joiner] of [
      [notion, members(notion), `eve@${d}`],
      [google, members(google), `fay@${d}`],
    ] as const) {
      expect((await h.gql(NODE, { id: app.id }, { tenant })).data.node).toEqual({
        provider: app.provider,
        externalId: shared,
        memberCount: expected.length,
      });
      const changes = (await h.gql(CHANGES, { appId: app.id }, { tenant })).data.membershipChanges.edges.map((e: any) => e.node);
      expect(changes.map((c: any) => [c.email, c.kind])).toEqual([[joiner, 'JOINED']]);
      const users = (await h.gql(USERS, { w: app.id }, { tenant })).data.users.edges.map((e: any) => e.node.email).sort();
      expect(users).toEqual(expected);
    }

    // Each account and each connection points at its own provider's app.
    const ada = (await h.gql(ACCOUNTS, { email: `ada@${d}` }, { tenant })).data.user.accounts;
    expect(ada.map((a: any) => [a.provider, a.workspace.provider, a.workspace.id]).sort()).toEqual([
      ['GOOGLE_WORKSPACE', 'GOOGLE_WORKSPACE', google.id],
      ['NOTION', 'NOTION', notion.id],
    ]);
    const connections = (await h.gql(CONNECTIONS, {}, { tenant })).data.connections;
    expect(connections.map((c: any) => [c.provider, c.workspace.provider, c.workspace.id]).sort()).toEqual([
      ['GOOGLE_WORKSPACE', 'GOOGLE_WORKSPACE', google.id],
      ['NOTION', 'NOTION', notion.id],
    ]);

    // The raw id (deprecated) names both: refused, naming both global ids, for the argument and the filter alike.
    for (const [query, vars] of [
      [CHANGES, { appId: shared }],
      [USERS, { w: shared }],
    ] as const) {
      const res = await h.gql(query, vars, { tenant });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'AMBIGUOUS_APP_ID' });
      expect(res.errors?.[0]?.message).toContain(notion.id);
      expect(res.errors?.[0]?.message).toContain(google.id);
    }
    // The CSV export's workspaceId reads the same way.
    const token = await h.token(tenant, { roles: ['admin'] });
    const csv = await fetch(`${h.app.url}/export/users.csv?workspaceId=${encodeURIComponent(notion.id)}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(csv.status).toBe(200);
    const rows = (await csv.text()).trim().split('\r\n').slice(1);
    expect(rows.map((r) => r.split(',')[1]).sort()).toEqual(members(notion));
    const ambiguous = await fetch(`${h.app.url}/export/users.csv?workspaceId=${shared}`, { headers: { Authorization: `Bearer ${token}` } });
    expect([ambiguous.status, await ambiguous.text()]).toEqual([400, expect.stringContaining('AMBIGUOUS_APP_ID')]);
  });

  it('still takes a raw id that only one app of the tenant has', async () => {
    const tenant = newTenant();
    const d = `one${randomUUID().slice(0, 8)}.test`;
    const ws = h.notion.seedWorkspace({ name: `Notion ${d}`, members: [person(`ada@${d}`)] });
    const connection = await connectWorkspace(h, tenant, ws.id);
    ws.members.push(person(`bob@${d}`));
    await syncNow(h, tenant, connection);
    const changes = await h.gql(CHANGES, { appId: ws.id }, { tenant });
    expect(changes.data.membershipChanges.edges.map((e: any) => e.node.email)).toEqual([`bob@${d}`]);
    expect((await h.gql(USERS, { w: ws.id }, { tenant })).data.users.edges.map((e: any) => e.node.email)).toEqual([`ada@${d}`, `bob@${d}`]);
  });
});
