import { randomUUID } from 'node:crypto';
import { texts } from '../../src/connectors/slack/errors';
import type { MemberSeed } from '../../src/dev/slack-standin';
import { getConnection, syncNow } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';
import { SLACK_REDIRECT } from '../support/slack';

/**
 * Issue 21's Slack half over the real stack: `connect(provider: SLACK)` / `completeOAuth`, the Slack stand-in
 * through @slack/web-api's WebClient, the real service and local Neo4j, read back as Cypher tuples and through GraphQL.
 */
jest.setTimeout(240_000); // the machine is shared: a sync can wait its turn
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h.close());

/** Acme Corp's Slack: a primary owner, an admin without 2FA, a member, guests of both kinds, a stranger, a leaver-to-be. */
function acmeSlack(): { teamId: string; d: string } {
  const d = `acme${randomUUID().slice(0, 8)}.test`;
  const extra: MemberSeed[] = [
    { email: `Olive@${d}`, realName: 'Olive Owner', role: 'primary_owner', has2fa: true },
    { email: `ada@${d}`, realName: 'Ada Admin', role: 'admin', has2fa: false },
    { email: `mel@${d}`, realName: 'Mel Member' },
    { email: 'gus@partner.example', realName: 'Gus Guest', role: 'guest' },
    { email: 'sid@partner.example', realName: 'Sid Single', role: 'single_channel_guest' },
    { realName: 'Stan Stranger', strangerTeamId: 'T0OTHERORG' },
    { email: `dora@${d}`, realName: 'Dora Departing' },
  ];
  const ws = h.slack.seedWorkspace({ name: 'Acme Corp', domain: `acme-${d.slice(4, 12)}`, extra });
  return { teamId: ws.id, d };
}

/** What a Slack admin does: Connect, Allow on the install page (maybe without e-mail addresses), complete; waits for the sync. */
async function connectSlack(tenant: string, teamId: string, scopes?: string[]) {
  const started = await h.gql(`mutation { connect(provider: SLACK) { authorizationUrl state } }`, {}, { tenant });
  if (started.errors) throw new Error(JSON.stringify(started.errors));
  const { authorizationUrl, state } = started.data.connect as { authorizationUrl: string; state: string };
  const code = h.slack.authorize({ teamId, redirectUri: SLACK_REDIRECT, scopes });
  const done = await h.gql(
    `mutation($code: String!, $state: String!) { completeOAuth(code: $code, state: $state) { id: connectionId status workspaceId } }`,
    { code, state },
    { tenant },
  );
  if (done.errors) throw new Error(JSON.stringify(done.errors));
  await h.app.sync.idle();
  return { id: done.data.completeOAuth.id as string, authorizationUrl, completed: done.data.completeOAuth };
}

/** (user email, account email, role, guest kind, MFA, current, unmanaged reason) for every Slack account of the tenant. */
const tuples = (tenant: string) =>
  h
    .cypher<{ t: unknown[] }>(
      `MATCH (a:UserAccount:SlackUser {tenantId: $tenant, provider: 'slack'})
       OPTIONAL MATCH (u:User)-[:HAS_ACCOUNT]->(a)
       RETURN [u.email, a.email, a.role, a.guestKind, a.mfaEnabled, a.removedAt IS NULL, a.unmanagedReason] AS t
       ORDER BY coalesce(u.email, a.name)`,
      { tenant },
    )
    .then((rows) => rows.map((r) => r.t));

describe('Slack through connect(provider: SLACK)', () => {
  it('installs with the bot scopes, names the workspace, and syncs roles, guests and 2FA; the stranger is kept unmanaged; bots and Slackbot are skipped and counted', async () => {
    const tenant = newTenant();
    const { teamId, d } = acmeSlack();
    const { id, authorizationUrl, completed } = await connectSlack(tenant, teamId);
    const url = new URL(authorizationUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${h.slack.url}/oauth/v2/authorize`);
    expect(url.searchParams.get('scope')).toBe('users:read,users:read.email,team:read');
    expect(completed).toMatchObject({ status: 'CONNECTED', workspaceId: teamId });

    const c = await getConnection(h, tenant, id);
    expect(c).toMatchObject({ provider: 'SLACK', status: 'CONNECTED', memberAccess: 'FULL', memberAccessMessage: null });
    expect(c.workspace).toMatchObject({ name: 'Acme Corp', memberCount: 7 });
    expect(c.lastSync).toMatchObject({ status: 'SUCCEEDED', membersSeen: 9, usersUpserted: 6, botsSkipped: 2, noEmailSkipped: 0 });
    expect(await tuples(tenant)).toEqual([
      [null, null, 'MEMBER', null, null, true, 'NO_EMAIL'], // Stan Stranger, of another organisation
      [`ada@${d}`, `ada@${d}`, 'ADMIN', null, false, true, null],
      [`dora@${d}`, `dora@${d}`, 'MEMBER', null, null, true, null],
      ['gus@partner.example', 'gus@partner.example', 'GUEST', 'MULTI_CHANNEL', null, true, null],
      [`mel@${d}`, `mel@${d}`, 'MEMBER', null, null, true, null],
      [`olive@${d}`, `olive@${d}`, 'OWNER', null, true, true, null],
      ['sid@partner.example', 'sid@partner.example', 'GUEST', 'SINGLE_CHANNEL', null, true, null],
    ]);
    const [app] = await h.cypher<{ a: unknown[] }>(
      `MATCH (w:SaaSApp:SlackWorkspace {tenantId: $tenant, id: $teamId}) RETURN [w.name, w.domain, w.iconUrl IS NOT NULL, w.emailScope] AS a`,
      { tenant, teamId },
    );
    expect(app.a).toEqual(['Acme Corp', h.slack.workspace(teamId).domain, true, true]);

    // A deactivated member leaves: the membership ends, the account and its history stay.
    h.slack.deactivateMember(teamId, `dora@${d}`);
    const again = await syncNow(h, tenant, id);
    expect(again.lastSync).toMatchObject({ status: 'SUCCEEDED', usersUpserted: 5, membershipsRemoved: 1 });
    expect((await tuples(tenant)).find((t) => t[0] === `dora@${d}`)).toEqual([`dora@${d}`, `dora@${d}`, 'MEMBER', null, null, false, null]);
    const former = await h.cypher(
      `MATCH (:UserAccount {tenantId: $tenant, provider: 'slack', email: $email})-[:FORMER_MEMBER_OF]->(:SaaSApp {id: $teamId}) RETURN 1 AS one`,
      { tenant, email: `dora@${d}`, teamId },
    );
    expect(former).toHaveLength(1);

    // A rate limit in the middle is waited out within the run.
    h.slack.injectFault({ kind: 'status', status: 429, retryAfter: 1, path: '/api/users.list', scope: teamId });
    expect((await syncNow(h, tenant, id)).lastSync).toMatchObject({ status: 'SUCCEEDED', usersUpserted: 5, membershipsRemoved: 0 });
    expect(h.slack.requests.filter((r) => r.teamId === teamId && r.status === 429)).toHaveLength(1);
    // Nothing changed at Slack since the run before: that re-sync wrote no account (the core's digest, issue 21).
    const [last] = await h.cypher<{ written: number }>(
      'MATCH (r:SyncRun {connectionId: $id}) RETURN r.accountsWritten AS written ORDER BY r.startedAt DESC LIMIT 1',
      { id },
    );
    expect(last).toEqual({ written: 0 });
  });

  it('an install without users:read.email: every current member is an unmanaged NO_EMAIL account, no person is made, and the connection says why', async () => {
    const tenant = newTenant();
    const { teamId } = acmeSlack();
    const { id } = await connectSlack(tenant, teamId, ['users:read', 'team:read']);
    const c = await getConnection(h, tenant, id);
    expect(c).toMatchObject({ status: 'CONNECTED', memberAccess: 'NO_EMAIL', memberAccessMessage: texts.noEmailAccess });
    expect(texts.noEmailAccess).toContain('users:read.email');
    // Nobody skipped, nobody joined to a person: seven accounts written, the two bots counted.
    expect(c.lastSync).toMatchObject({ status: 'SUCCEEDED', membersSeen: 9, usersUpserted: 0, noEmailSkipped: 0, botsSkipped: 2 });
    const all = await tuples(tenant);
    expect(all).toHaveLength(7);
    expect(all.every((t) => t[0] === null && t[1] === null && t[5] === true && t[6] === 'NO_EMAIL')).toBe(true);
    expect(all.map((t) => t[2]).sort()).toEqual(['ADMIN', 'GUEST', 'GUEST', 'MEMBER', 'MEMBER', 'MEMBER', 'OWNER']);
    expect(await h.cypher(`MATCH (u:User {tenantId: $tenant}) RETURN u.email AS e`, { tenant })).toEqual([]);

    const r = await h.gql(`{ unmanagedAccounts(first: 50) { totalCount edges { node { login reason } } } }`, {}, { tenant });
    expect(r.errors).toBeUndefined();
    expect(r.data.unmanagedAccounts.totalCount).toBe(7);
    expect(r.data.unmanagedAccounts.edges.every((e: { node: { reason: string } }) => e.node.reason === 'NO_EMAIL')).toBe(true);
    const csv = await fetch(`${h.app.url}/export/unmanaged-accounts.csv`, {
      headers: { authorization: `Bearer ${await h.token(tenant, { roles: ['viewer'], sub: 'auth0|auditor' })}` },
    }).then((res) => res.text());
    const rows = csv.trim().split('\r\n').slice(1);
    expect(rows).toHaveLength(7);
    expect(rows.every((row) => row.endsWith(',NO_EMAIL'))).toBe(true);
  });

  it('a reinstall without users:read.email keeps every joined account with its person; with it again nothing is lost or doubled', async () => {
    const tenant = newTenant();
    const { teamId, d } = acmeSlack();
    const { id } = await connectSlack(tenant, teamId);
    const before = await tuples(tenant);
    const users = () => h.cypher<{ e: string }>(`MATCH (u:User {tenantId: $tenant}) RETURN u.email AS e ORDER BY e`, { tenant });
    const people = await users();
    expect(people).toHaveLength(6);

    const narrow = await connectSlack(tenant, teamId, ['users:read', 'team:read']);
    expect(narrow.id).toBe(id);
    const c = await getConnection(h, tenant, id);
    expect(c).toMatchObject({ memberAccess: 'NO_EMAIL', memberAccessMessage: texts.noEmailAccess });
    // Six accounts kept with their person (unchanged, not rewritten); nobody skipped or removed.
    expect(c.lastSync).toMatchObject({ status: 'SUCCEEDED', usersUpserted: 6, noEmailSkipped: 0, membershipsRemoved: 0 });
    expect(await tuples(tenant)).toEqual(before);
    expect(await users()).toEqual(people);
    const listed = await h.gql(`{ unmanagedAccounts(first: 50) { totalCount edges { node { login } } } }`, {}, { tenant });
    expect(listed.data.unmanagedAccounts).toMatchObject({ totalCount: 1, edges: [{ node: { login: 'stan.stranger' } }] });
    // A member who joins while addresses cannot be read is kept unmanaged, not matched.
    h.slack.addMember(teamId, { email: `nina@${d}`, realName: 'Nina New' });
    expect((await syncNow(h, tenant, id)).lastSync).toMatchObject({ status: 'SUCCEEDED', usersUpserted: 6, noEmailSkipped: 0 });
    expect((await tuples(tenant)).filter((t) => t[0] === null && t[6] === 'NO_EMAIL')).toHaveLength(2); // Stan and Nina
    expect(await users()).toEqual(people);

    const wide = await connectSlack(tenant, teamId);
    expect(wide.id).toBe(id);
    const back = await getConnection(h, tenant, id);
    expect(back).toMatchObject({ memberAccess: 'FULL', memberAccessMessage: null });
    expect(back.lastSync).toMatchObject({ status: 'SUCCEEDED', usersUpserted: 7, noEmailSkipped: 0 });
    const after = await tuples(tenant);
    expect(after).toHaveLength(8);
    expect(after).toEqual(expect.arrayContaining([...before, [`nina@${d}`, `nina@${d}`, 'MEMBER', null, null, true, null]]));
    expect((await users()).map((u) => u.e)).toEqual([...people.map((u) => u.e), `nina@${d}`].sort());
    const counts = await h.cypher<{ n: number }>(`MATCH (a:UserAccount:SlackUser {tenantId: $tenant}) RETURN count(a) AS n`, { tenant });
    expect(Number(counts[0].n)).toBe(8);
  });

  it('an uninstalled app (account_inactive) needs re-auth; disconnect revokes the token with auth.revoke', async () => {
    const tenant = newTenant();
    const { teamId } = acmeSlack();
    const { id } = await connectSlack(tenant, teamId);
    h.slack.uninstall(teamId);
    const gone = await syncNow(h, tenant, id);
    expect([gone.status, gone.statusReason, gone.lastSync.status]).toEqual(['NEEDS_REAUTH', texts.reauth, 'FAILED']);
    expect(await tuples(tenant)).toHaveLength(7); // nothing removed

    const other = acmeSlack();
    const { id: second } = await connectSlack(tenant, other.teamId);
    const res = await h.gql(`mutation($id: ID!) { disconnect(connectionId: $id) { status } }`, { id: second }, { tenant });
    expect(res.data.disconnect.status).toBe('DISCONNECTED');
    expect(h.slack.requests.some((r) => r.path === '/api/auth.revoke' && r.status === 200)).toBe(true);
    expect(h.slack.installed(other.teamId)).toBe(false);
  });
});
