import { randomUUID } from 'node:crypto';
import { connectGoogle, connectSlack } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

/**
 * The account views' CSV exports (issue 23 with issue 21, ADR 0019): privileged, unmanaged and inactive accounts of a
 * Slack workspace and a Google directory synced through their stand-ins, two rows a Neo4j page.
 */
jest.setTimeout(240_000); // the machine is shared: a sync can wait its turn
let h: Harness;
beforeAll(async () => {
  h = await startHarness({}, { exportPageSize: 2 });
}, 60_000);
afterAll(() => h.close());

async function get(path: string, tenant: string) {
  const res = await fetch(`${h.app.url}${path}`, {
    headers: { authorization: `Bearer ${await h.token(tenant, { roles: ['viewer'], sub: 'auth0|auditor' })}` },
  });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

const lines = (csv: string) => csv.trim().split('\r\n');

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describe('account view exports', () => {
  const tenant = newTenant();
  const other = newTenant();
  const d = `acme${randomUUID().slice(0, 8)}.test`;
  let slackApp: string;
  let otherApp: string;

  beforeAll(async () => {
    const customer = h.google.seedCustomer({
      domain: d,
      users: 0,
      extra: [
        { primaryEmail: `ada@${d}`, fullName: 'Ada Admin', isAdmin: true, lastLoginTime: ago(0) },
        { primaryEmail: `olive@${d}`, fullName: 'Olive Owner', suspended: true, lastLoginTime: ago(200) },
        { primaryEmail: `mel@${d}`, fullName: 'Mel Member', lastLoginTime: ago(100) },
      ],
    });
    await connectGoogle(h, tenant, customer.id);
    const ws = h.slack.seedWorkspace({
      name: 'Acme Slack',
      domain: `acme-${d.slice(4, 12)}`,
      extra: [
        { email: `olive@${d}`, realName: '=HYPERLINK("http://evil.example")', handle: 'olive', role: 'owner', has2fa: true },
        { email: `ada@${d}`, realName: 'Ada, "the" Admin', handle: 'ada', role: 'admin', has2fa: false },
        { email: `mel@${d}`, realName: 'Mel Member' },
        { realName: '@stranger', handle: 'stan', strangerTeamId: 'T0OTHERORG' },
      ],
    });
    await connectSlack(h, tenant, ws.id);
    const apps = await h.gql(`{ apps(first: 10, filter: { provider: SLACK }) { edges { node { id } } } }`, {}, { tenant });
    slackApp = apps.data.apps.edges[0].node.id;
    const theirs = h.google.seedCustomer({ domain: `other${d}`, users: 1 });
    await connectGoogle(h, other, theirs.id);
    otherApp = (await h.gql(`{ apps(first: 1) { edges { node { id } } } }`, {}, { tenant: other })).data.apps.edges[0].node.id;
  });

  it('privileged-accounts.csv: owners and admins, the suspended owner first, formula-safe and quoted; filters as parameters', async () => {
    const res = await get('/export/privileged-accounts.csv', tenant);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/csv/);
    const [header, ...rows] = lines(res.body);
    expect(header).toBe(
      'account_id,provider,app,app_id,login,name,email,role,mfa_enabled,last_active_at,first_seen,person_email,employment_status,employment_since',
    );
    expect(rows).toHaveLength(3);
    // The owner whose directory account is suspended comes first; her name cannot run as a formula.
    expect(rows[0]).toContain(`,slack,Acme Slack,${slackApp},olive,"'=HYPERLINK(""http://evil.example"")",olive@${d},OWNER,true,,`);
    expect(rows[0]).toContain(`,olive@${d},SUSPENDED,`);
    expect(
      rows
        .slice(1)
        .map((r) => r.split(',')[1])
        .sort(),
    ).toEqual(['google_workspace', 'slack']);
    expect(rows.join('\n')).toContain(`ada,"Ada, ""the"" Admin",ada@${d},ADMIN,false`);

    const noMfa = lines((await get('/export/privileged-accounts.csv?mfaEnabled=false', tenant)).body).slice(1);
    expect(noMfa.map((r) => r.split(',')[1])).toEqual(['google_workspace', 'slack']);
    const slackOnly = lines((await get(`/export/privileged-accounts.csv?appId=${slackApp}`, tenant)).body).slice(1);
    expect(slackOnly.map((r) => r.split(',')[4])).toEqual(['olive', 'ada']);
  });

  it('unmanaged-accounts.csv: accounts of no person with their reason', async () => {
    const [header, ...rows] = lines((await get('/export/unmanaged-accounts.csv', tenant)).body);
    expect(header).toBe('account_id,provider,app,app_id,login,name,email,role,mfa_enabled,last_active_at,first_seen,reason');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(`,slack,Acme Slack,${slackApp},stan,'@stranger,,MEMBER,,,`);
    expect(rows[0]).toMatch(/,NO_EMAIL$/);
  });

  it('inactive-accounts.csv?days=N: accounts unused for N days, oldest first', async () => {
    const rows = (days: number) => get(`/export/inactive-accounts.csv?days=${days}`, tenant).then((r) => lines(r.body));
    const [header, ...ninety] = await rows(90);
    expect(header).toBe(
      'account_id,provider,app,app_id,login,name,email,role,mfa_enabled,last_active_at,first_seen,person_email,employment_status',
    );
    expect(ninety.map((r) => r.split(',')[6])).toEqual([`olive@${d}`, `mel@${d}`]);
    expect(await rows(150)).toHaveLength(2);
    expect(await rows(300)).toHaveLength(1);
  });

  it('refuses a missing or out-of-range days, another tenant’s app and unknown parameters, and audits each export', async () => {
    const missing = await get('/export/inactive-accounts.csv', tenant);
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body).error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_FILTER' });
    const zero = await get('/export/inactive-accounts.csv?days=0', tenant);
    expect(JSON.parse(zero.body).error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DAYS_OUT_OF_RANGE' });
    // Another tenant's app answers exactly as an unknown one.
    const theirs = await get(`/export/unmanaged-accounts.csv?appId=${otherApp}`, tenant);
    const unknown = await get(`/export/unmanaged-accounts.csv?appId=${otherApp.slice(0, -2)}xx`, tenant);
    expect(theirs.status).toBe(404);
    expect(JSON.parse(theirs.body).error.reason).toBe('APP_NOT_FOUND');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(theirs.body).error.message.replace(otherApp, '<id>')).toBe(
      JSON.parse(unknown.body).error.message.replace(`${otherApp.slice(0, -2)}xx`, '<id>'),
    );
    expect((await get('/export/privileged-accounts.csv?mfa=false', tenant)).status).toBe(400);

    const events = await h.cypher<{ action: string; outcome: string; reason: string | null; options: string | null }>(
      `MATCH (e:AuditEvent {tenantId: $tenant}) WHERE e.action CONTAINS 'accounts.csv'
       RETURN e.action AS action, e.outcome AS outcome, e.reason AS reason, e.options AS options ORDER BY e.at`,
      { tenant },
    );
    expect(events.slice(-5)).toEqual([
      { action: 'GET /export/inactive-accounts.csv', outcome: 'BAD_USER_INPUT', reason: 'INVALID_FILTER', options: null },
      { action: 'GET /export/inactive-accounts.csv', outcome: 'BAD_USER_INPUT', reason: 'DAYS_OUT_OF_RANGE', options: '{"days":"0"}' },
      { action: 'GET /export/unmanaged-accounts.csv', outcome: 'NOT_FOUND', reason: 'APP_NOT_FOUND', options: null },
      { action: 'GET /export/unmanaged-accounts.csv', outcome: 'NOT_FOUND', reason: 'APP_NOT_FOUND', options: null },
      { action: 'GET /export/privileged-accounts.csv', outcome: 'BAD_USER_INPUT', reason: 'UNKNOWN_PARAMETER', options: null },
    ]);
    expect(events.filter((e) => e.outcome === 'ok' && e.options === '{"mfaEnabled":"false"}')).toHaveLength(1);
  });
});
