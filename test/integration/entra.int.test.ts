import { randomUUID } from 'node:crypto';
import { request } from 'node:https';
import type { EntraSandbox } from '../../src/dev/entra-standin';
import { ENTRA_REDIRECT, entraEnv, startEntra } from '../support/entra';
import { completeEntra, connectEntra, startEntraConnect } from '../support/entra-flows';
import { connectWorkspace, getConnection, syncNow } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

/**
 * Issue 20 over the real stack: the Entra stand-in (HTTPS, its own CA via MICROSOFT_CA_FILE) through msal-node
 * and graph-client v3, the real service and local Neo4j, read back through GraphQL and as Cypher tuples.
 */
jest.setTimeout(240_000); // the machine is shared: a sync can wait its turn
let h: Harness;
let entra: EntraSandbox;
beforeAll(async () => {
  entra = await startEntra();
  h = await startHarness(entraEnv(entra));
}, 60_000);
afterAll(async () => {
  await h.close();
  await entra.stop();
});

const person = (email: string) => ({ id: randomUUID(), type: 'person' as const, name: email.split('@')[0], avatar_url: null, email });

/** Acme's Entra tenant and a Notion workspace of its people, Notion connected first. */
async function acme() {
  const tenant = newTenant();
  const d = `acme${randomUUID().slice(0, 8)}.test`;
  const t = entra.seedTenant({
    displayName: 'Acme Corp',
    domain: d,
    secondaryDomains: [`eu.${d}`],
    unverifiedDomains: [`pending.${d}`],
    users: 1,
    extra: [
      {
        userPrincipalName: `ada@${d}`,
        displayName: 'Ada Lovelace',
        proxyAddresses: [`SMTP:ada@${d}`, `smtp:ada.lovelace@${d}`, `smtp: a.l@eu.${d}`],
        department: 'Engineering',
        globalAdmin: true,
      },
      { userPrincipalName: `sam@${d}`, accountEnabled: false },
      { userPrincipalName: `nomail@${d}`, mail: null, otherMails: [`nomail.personal@${d}`] },
      { userPrincipalName: `jo_partner.example#EXT#@${d}`, mail: 'jo@partner.example', userType: 'Guest' },
      { userPrincipalName: `old@${d}` },
    ],
  });
  const ws = h.notion.seedWorkspace({
    name: `Acme Notion ${d}`,
    members: [person(`A.L@eu.${d}`), person(`sam@${d}`), person(`nomail.personal@${d}`), person('jo@partner.example'), person(`old@${d}`)],
  });
  await connectWorkspace(h, tenant, ws.id);
  const connectionId = await connectEntra(h, entra, tenant, t.id);
  return { tenant, d, t, ws, connectionId };
}

/** (user email, provider, account email, current) for every account of the tenant. */
const tuples = (tenant: string) =>
  h
    .cypher<{ t: [string, string, string, boolean] }>(
      `MATCH (u:User {tenantId: $tenant})-[:HAS_ACCOUNT]->(a:UserAccount) RETURN [u.email, a.provider, a.email, a.removedAt IS NULL] AS t ORDER BY t`,
      { tenant },
    )
    .then((rows) => rows.map((r) => r.t));

const USER = `query($email: String!) { user(email: $email) { email emails employment { status isAdmin orgUnitPath lastLoginAt since } accounts { provider email } } }`;
const userOf = async (tenant: string, email: string) => (await h.gql(USER, { email }, { tenant })).data.user;

describe('consent', () => {
  it('sends the admin to the identity platform, keys the app by the id_token tid, and names it after the organisation', async () => {
    const tenant = newTenant();
    const t = entra.seedTenant({ displayName: 'Contoso Ltd', domain: `contoso${randomUUID().slice(0, 6)}.test`, users: 3 });
    const { authorizationUrl, state } = await startEntraConnect(h, tenant);
    const url = new URL(authorizationUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${entra.url}/organizations/oauth2/v2.0/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: 'entra-test-client', response_type: 'code', state });
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', `${entra.url}/.default`]));

    // The browser's part, over HTTPS against the stand-in's own CA: the consent page, then Accept for the organisation.
    const pageHtml = await httpsText(authorizationUrl, 'GET');
    expect(pageHtml.body).toContain('on behalf of your organisation');
    const form = new URLSearchParams({
      client_id: 'entra-test-client',
      redirect_uri: ENTRA_REDIRECT,
      scope: url.searchParams.get('scope') ?? '',
      state,
      tenant_id: t.id,
      decision: 'admin',
    });
    const decision = await httpsText(`${entra.url}/organizations/oauth2/v2.0/authorize/decision`, 'POST', form.toString());
    const callback = new URL(decision.location ?? '');
    expect(callback.searchParams.has('tenant')).toBe(false);
    const done = await completeEntra(h, tenant, callback.searchParams.get('code') ?? '', callback.searchParams.get('state') ?? '');
    expect(done.errors).toBeUndefined();
    expect(done.data.completeOAuth).toMatchObject({ status: 'CONNECTED', workspaceId: t.id });
    await h.app.sync.idle();
    const conn = await getConnection(h, tenant, done.data.completeOAuth.id);
    expect(conn).toMatchObject({
      provider: 'MICROSOFT_ENTRA_ID',
      workspace: { name: 'Contoso Ltd', memberCount: 3 },
      lastSync: { status: 'SUCCEEDED' },
    });
  });

  it('takes the tenant from the id_token only: a forged tenant on the callback cannot point the connection at another customer', async () => {
    const tenant = newTenant();
    const victim = entra.seedTenant({ domain: `victim${randomUUID().slice(0, 6)}.test`, users: 2, consented: true });
    const attacker = entra.seedTenant({ domain: `evil${randomUUID().slice(0, 6)}.test`, users: 2 });
    const { state } = await startEntraConnect(h, tenant);
    const code = entra.authorize({ tenantId: attacker.id, admin: true, redirectUri: ENTRA_REDIRECT });
    // The frontend passes only code and state; a `tenant=victim` the attacker adds to the callback reaches nothing.
    const done = await completeEntra(h, tenant, code, state);
    expect(done.data.completeOAuth.workspaceId).toBe(attacker.id);
    await h.app.sync.idle();
    expect(await h.cypher(`MATCH (w:SaaSApp {tenantId: $tenant, id: $id}) RETURN w.id`, { tenant, id: victim.id })).toEqual([]);
  });

  it('refuses a non-admin who cannot consent: no connection, and the error says an administrator must consent', async () => {
    const tenant = newTenant();
    const t = entra.seedTenant({ domain: `solo${randomUUID().slice(0, 6)}.test`, users: 3 });
    const { state } = await startEntraConnect(h, tenant);
    const done = await completeEntra(h, tenant, entra.authorize({ tenantId: t.id, admin: false, redirectUri: ENTRA_REDIRECT }), state);
    expect(done.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'MICROSOFT_ADMIN_CONSENT_REQUIRED' } });
    expect(done.errors?.[0].message).toMatch(/administrator must consent/);
    expect((await h.gql('{ connections { id } }', {}, { tenant })).data.connections).toEqual([]);
  });

  it('ends a declined consent without a connection', async () => {
    const tenant = newTenant();
    const { state } = await startEntraConnect(h, tenant);
    const done = await h.gql(
      `mutation($state: String!) { completeOAuth(code: "", state: $state, error: "access_denied") { id } }`,
      { state },
      { tenant },
    );
    expect(done.errors?.[0].extensions?.reason).toBe('OAUTH_ACCESS_DENIED');
    expect((await h.gql('{ connections { id } }', {}, { tenant })).data.connections).toEqual([]);
  });
});

describe('the directory', () => {
  it('joins people by mail or UPN, takes smtp proxy addresses and otherMails as aliases, flags admins, disabled and guests', async () => {
    const { tenant, d, connectionId } = await acme();
    const rows = await tuples(tenant);
    expect(rows.filter((r) => r[0] === `ada@${d}`)).toEqual([
      [`ada@${d}`, 'microsoft_entra_id', `ada@${d}`, true],
      [`ada@${d}`, 'notion', `a.l@eu.${d}`, true],
    ]);
    expect(rows.filter((r) => r[0] === `nomail@${d}`).map((r) => r[1])).toEqual(['microsoft_entra_id', 'notion']);
    expect(rows.some((r) => r[2].includes('#ext#'))).toBe(false);
    expect(await userOf(tenant, `ada.lovelace@${d}`)).toMatchObject({
      email: `ada@${d}`,
      emails: [`ada@${d}`, `a.l@eu.${d}`, `ada.lovelace@${d}`],
      employment: { status: 'ACTIVE', isAdmin: true, orgUnitPath: 'Engineering' },
    });
    expect((await userOf(tenant, `ada@${d}`)).employment.lastLoginAt).toMatch(/^20\d\d-/);
    expect((await userOf(tenant, `sam@${d}`)).employment).toMatchObject({ status: 'SUSPENDED', isAdmin: false });
    expect((await userOf(tenant, 'jo@partner.example')).employment.status).toBe('EXTERNAL');
    expect((await userOf(tenant, 'jo@partner.example')).accounts.map((a: { provider: string }) => a.provider).sort()).toEqual([
      'MICROSOFT_ENTRA_ID',
      'NOTION',
    ]);
    const conn = await getConnection(h, tenant, connectionId);
    expect(conn.lastSync).toMatchObject({ status: 'SUCCEEDED', membersSeen: 6, usersUpserted: 6, noEmailSkipped: 0 });
  });

  it('takes verified domains as tenantDomains from the directory', async () => {
    const { tenant, d } = await acme();
    const res = await h.gql('{ tenantDomains { domains source } }', {}, { tenant });
    expect(res.data.tenantDomains.source).toBe('DIRECTORY');
    expect(res.data.tenantDomains.domains).toEqual(expect.arrayContaining([d, `eu.${d}`]));
    expect(res.data.tenantDomains.domains).not.toContain(`pending.${d}`);
  });

  it('marks a user gone from the directory DELETED with since, and a re-sync of an unchanged directory writes nothing', async () => {
    const { tenant, d, t, connectionId } = await acme();
    const again = await syncNow(h, tenant, connectionId);
    expect(again.lastSync).toMatchObject({ status: 'SUCCEEDED', membershipsRemoved: 0 });
    entra.deleteUser(t.id, `old@${d}`);
    const after = await syncNow(h, tenant, connectionId);
    expect(after.lastSync).toMatchObject({ status: 'SUCCEEDED', membershipsRemoved: 1 });
    const old = await userOf(tenant, `old@${d}`);
    expect(old.employment.status).toBe('DELETED');
    expect(Date.parse(old.employment.since)).toBeGreaterThan(Date.now() - 120_000);
  });

  it('re-syncs by delta: an unchanged directory is two Graph requests, @removed is DELETED, and an expired link reads everything once, saying so', async () => {
    const { tenant, d, t, connectionId } = await acme();
    const before = entra.requests.length;
    const unchanged = await syncNow(h, tenant, connectionId);
    expect(unchanged.lastSync).toMatchObject({ status: 'SUCCEEDED', membershipsRemoved: 0 });
    expect(
      entra.requests
        .slice(before)
        .filter((r) => r.path.startsWith('/v1.0/'))
        .map((r) => r.path),
    ).toEqual(['/v1.0/organization', '/v1.0/users/delta']);
    entra.deleteUser(t.id, `old@${d}`);
    entra.updateUser(t.id, `ada@${d}`, (u) => (u.department = 'Research'));
    const changed = await syncNow(h, tenant, connectionId);
    expect(changed.lastSync).toMatchObject({ status: 'SUCCEEDED', membershipsRemoved: 1 });
    expect((await userOf(tenant, `old@${d}`)).employment.status).toBe('DELETED');
    expect((await userOf(tenant, `ada@${d}`)).employment).toMatchObject({ status: 'ACTIVE', orgUnitPath: 'Research', isAdmin: true });
    entra.expireDeltaTokens(t.id);
    const resynced = await syncNow(h, tenant, connectionId);
    expect(resynced.lastSync.status).toBe('SUCCEEDED');
    expect(resynced.lastSync.warning).toMatch(/./);
    expect((await tuples(tenant)).filter((r) => r[1] === 'microsoft_entra_id' && r[3])).toHaveLength(5);
  });

  it('reads without AuditLog.Read.All: last sign-in is empty and the run still succeeds', async () => {
    const tenant = newTenant();
    const t = entra.seedTenant({ domain: `nolog${randomUUID().slice(0, 6)}.test`, users: 3 });
    const { state } = await startEntraConnect(h, tenant);
    const code = entra.authorize({
      tenantId: t.id,
      admin: true,
      redirectUri: ENTRA_REDIRECT,
      permissions: ['User.Read.All', 'Domain.Read.All', 'Organization.Read.All', 'RoleManagement.Read.Directory'],
    });
    const done = await completeEntra(h, tenant, code, state);
    await h.app.sync.idle();
    const conn = await getConnection(h, tenant, done.data.completeOAuth.id);
    expect(conn.lastSync).toMatchObject({ status: 'SUCCEEDED', usersUpserted: 3 });
    expect(conn.lastSync.warning).toMatch(/Sign-in activity could not be read/);
    expect((await userOf(tenant, `user1@${t.domains[0].id}`)).employment.lastLoginAt).toBeNull();
  });

  it('asks for re-consent when an admin removed the app from the tenant, and keeps everything', async () => {
    const { tenant, d, t, connectionId } = await acme();
    entra.removeApp(t.id);
    const after = await syncNow(h, tenant, connectionId);
    expect(after.status).toBe('NEEDS_REAUTH');
    expect(after.lastSync.error).toMatch(/removed the Layer app .* Reconnect Microsoft Entra ID signed in as a Global Administrator/);
    expect((await tuples(tenant)).filter((r) => r[1] === 'microsoft_entra_id').every((r) => r[3])).toBe(true);
    expect((await userOf(tenant, `ada@${d}`)).employment.status).toBe('ACTIVE');
  });
});

/** A request to the stand-in as a browser would make it, trusting its CA; redirects are not followed. */
function httpsText(url: string, method: 'GET' | 'POST', body?: string): Promise<{ status: number; body: string; location?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, ca: entra.caPem, headers: body ? { 'content-type': 'application/x-www-form-urlencoded' } : {} },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += String(c)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, location: res.headers.location }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
