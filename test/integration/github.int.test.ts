import { randomUUID } from 'node:crypto';
import { getConnection, syncNow } from '../support/flows';
import { completeGitHub, startGitHubConnect } from '../support/github-flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

/**
 * Issue 21 (GitHub) over the real stack: the stand-in through @octokit/auth-app, rest and graphql with the
 * throttling and retry plugins, the real service and local Neo4j, read back through GraphQL and as Cypher tuples.
 */
jest.setTimeout(240_000); // the machine is shared: a sync can wait its turn
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h.close());

/** Acme Corp's GitHub org: an owner, members with and without a verified-domain address, two outside collaborators. */
function acme() {
  const d = `acme${randomUUID().slice(0, 8)}.test`;
  const login = `acme-${randomUUID().slice(0, 6)}`;
  h.github.seedOrg({
    login,
    name: 'Acme Corp',
    verifiedDomains: [d],
    extra: [
      { login: `${login}-ada`, name: 'Ada Lovelace', role: 'ADMIN', emails: [`ada@${d}`, 'ada@home.example'], twoFactor: true },
      { login: `${login}-sam`, name: 'Sam', emails: [`Sam@${d}`], twoFactor: false },
      { login: `${login}-ghost`, name: 'Ghost', emails: ['ghost@gmail.example'], publicEmail: `ghost@${d}` },
    ],
    collaborators: 2,
  });
  return { d, login };
}

/** (account login, role, mfaEnabled, user email or null, unmanaged reason) of every current GitHub account of the tenant. */
const accounts = (tenant: string) =>
  h
    .cypher<{ t: [string, string, boolean | null, string | null, string | null] }>(
      `MATCH (a:UserAccount {tenantId: $tenant, provider: 'github'}) WHERE a.removedAt IS NULL
       OPTIONAL MATCH (u:User)-[:HAS_ACCOUNT]->(a) RETURN [a.login, a.role, a.mfaEnabled, u.email, a.unmanagedReason] AS t ORDER BY a.login`,
      { tenant },
    )
    .then((rows) => rows.map((r) => r.t));

describe('GitHub App install and sync', () => {
  it("installs on the owner's organisation, proves it, and syncs members joined by verified-domain email", async () => {
    const tenant = newTenant();
    const { d, login } = acme();
    const { authorizationUrl, state } = await startGitHubConnect(h, tenant);
    expect(authorizationUrl).toBe(`${h.github.url}/apps/layer-test/installations/new?state=${state}`);
    const done = await completeGitHub(h, tenant, h.github.install({ org: login, login: `${login}-ada`, state }), state);
    expect(done.errors).toBeUndefined();
    const org = h.github.org(login);
    expect(done.data.completeOAuth).toMatchObject({ status: 'CONNECTED', workspaceId: String(org.id) });
    await h.app.sync.idle();
    const conn = await getConnection(h, tenant, done.data.completeOAuth.id);
    expect(conn).toMatchObject({
      provider: 'GITHUB',
      status: 'CONNECTED',
      workspace: { name: 'Acme Corp', memberCount: 5 },
      lastSync: { status: 'SUCCEEDED', membersSeen: 5, usersUpserted: 2, noEmailSkipped: 0 },
    });
    // Members without a verified-domain address and outside collaborators are kept, joined to no person (ADR 0019).
    expect(await accounts(tenant)).toEqual([
      [`${login}-ada`, 'ADMIN', true, `ada@${d}`, null],
      [`${login}-ghost`, 'MEMBER', true, null, 'EMAIL_HIDDEN'],
      [`${login}-guest1`, 'GUEST', null, null, 'EMAIL_HIDDEN'],
      [`${login}-guest2`, 'GUEST', null, null, 'EMAIL_HIDDEN'],
      [`${login}-sam`, 'MEMBER', false, `sam@${d}`, null],
    ]);
    // Only the installation id is stored; the user token of the proof was deleted at GitHub.
    expect(h.github.deletedUserTokens().length).toBeGreaterThan(0);
    // A re-sync of the unchanged organisation writes no account (the core's digest, issue 21).
    expect((await syncNow(h, tenant, done.data.completeOAuth.id)).lastSync).toMatchObject({ status: 'SUCCEEDED', membershipsRemoved: 0 });
    const [last] = await h.cypher<{ written: number }>(
      'MATCH (r:SyncRun {connectionId: $id}) RETURN r.accountsWritten AS written ORDER BY r.startedAt DESC LIMIT 1',
      { id: conn.id }, // the raw connection id (completeGitHub's `id` is the global one)
    );
    expect(last).toEqual({ written: 0 });
  });

  it("refuses an installation id of someone else's organisation pasted into the callback: no connection", async () => {
    const tenant = newTenant();
    const victim = acme();
    h.github.install({ org: victim.login, login: `${victim.login}-ada` });
    const evil = acme();
    const { state } = await startGitHubConnect(h, tenant);
    const attacker = h.github.install({ org: evil.login, login: `${evil.login}-ada`, state });
    const forged = { ...attacker, installationId: String(h.github.installation(victim.login)!.id) };
    const done = await completeGitHub(h, tenant, forged, state);
    expect(done.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', reason: 'GITHUB_INSTALLATION_NOT_YOURS' } });
    expect((await h.gql('{ connections { id } }', {}, { tenant })).data.connections).toEqual([]);
  });

  it('a request-only install (the installer is not an owner) makes no connection and says an owner must approve', async () => {
    const tenant = newTenant();
    const { login } = acme();
    const { state } = await startGitHubConnect(h, tenant);
    const done = await completeGitHub(h, tenant, h.github.install({ org: login, login: `${login}-sam`, state }), state);
    expect(done.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'GITHUB_INSTALL_REQUESTED' } });
    expect(done.errors?.[0].message).toMatch(/owner must approve/);
    expect((await h.gql('{ connections { id } }', {}, { tenant })).data.connections).toEqual([]);
    // GitHub may send a request without a usable code: the core lets it through to the connector, which says the same.
    const again = await startGitHubConnect(h, tenant);
    const codeless = await completeGitHub(
      h,
      tenant,
      { code: '', installationId: null, setupAction: 'request', state: again.state },
      again.state,
    );
    expect(codeless.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'GITHUB_INSTALL_REQUESTED' } });
    // The request ended that authorization: its state is spent.
    const reused = await completeGitHub(
      h,
      tenant,
      h.github.install({ org: login, login: `${login}-ada`, state: again.state }),
      again.state,
    );
    expect(reused.errors?.[0]).toMatchObject({ extensions: { reason: 'OAUTH_STATE_INVALID' } });
    expect((await h.gql('{ connections { id } }', {}, { tenant })).data.connections).toEqual([]);
  });

  it('completeOAuth refuses a missing code without a request, and callback parameters that are not plain tokens', async () => {
    const tenant = newTenant();
    const { login } = acme();
    const { state } = await startGitHubConnect(h, tenant);
    const cb = h.github.install({ org: login, login: `${login}-ada`, state });
    const noCode = await completeGitHub(h, tenant, { ...cb, code: '' }, state);
    expect(noCode.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'OAUTH_CODE_MISSING' } });
    const odd = await completeGitHub(h, tenant, { ...cb, installationId: `${cb.installationId}&x=<script>` }, state);
    expect(odd.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'OAUTH_CALLBACK_INVALID' } });
    // Neither spent the state: the real callback still completes.
    const done = await completeGitHub(h, tenant, cb, state);
    expect(done.errors).toBeUndefined();
    expect(done.data.completeOAuth.status).toBe('CONNECTED');
    await h.app.sync.idle();
  });

  it("redirectUri: never sent to GitHub (the app's registered Setup URL decides); one given is checked like any provider's", async () => {
    const tenant = newTenant();
    const connect = (r: string | null) =>
      h.gql('mutation($r: String) { connect(provider: GITHUB, redirectUri: $r) { authorizationUrl } }', { r }, { tenant });
    const refused = await connect('https://evil.example/integrations/github/callback');
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'REDIRECT_URI_NOT_ALLOWED' } });
    for (const r of [null, `${h.github.url}/anything`]) {
      const url = new URL((await connect(r)).data.connect.authorizationUrl);
      expect([url.pathname, [...url.searchParams.keys()]]).toEqual(['/apps/layer-test/installations/new', ['state']]);
    }
  });

  it('an uninstalled app turns the connection NEEDS_REAUTH with the reinstall sentence, removing nobody', async () => {
    const tenant = newTenant();
    const { login } = acme();
    const { state } = await startGitHubConnect(h, tenant);
    const done = await completeGitHub(h, tenant, h.github.install({ org: login, login: `${login}-ada`, state }), state);
    await h.app.sync.idle();
    h.github.uninstall(login);
    const conn = await syncNow(h, tenant, done.data.completeOAuth.id);
    expect(conn).toMatchObject({ status: 'NEEDS_REAUTH', statusReason: expect.stringMatching(/uninstalled .* or suspended/) });
    expect(await accounts(tenant)).toHaveLength(5);
  });
});
