import type { SandboxMember } from '../../src/dev/notion-standin';
import { UNSEEN } from '../../src/graph/graph';
import { connectWorkspace } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  // Two rows a page, so every export below crosses several Neo4j pages.
  h = await startHarness({}, { exportPageSize: 2 });
});
afterAll(() => h.close());

const person = (n: number, name: string | null, email: string): SandboxMember => ({
  id: `dddddddd-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'person',
  name,
  avatar_url: null,
  email,
});

async function get(path: string, tenant: string | null, role: 'admin' | 'viewer' = 'viewer') {
  const headers: Record<string, string> = tenant
    ? { authorization: `Bearer ${await h.token(tenant, { roles: [role], sub: 'auth0|analyst' })}` }
    : {};
  const res = await fetch(`${h.app.url}${path}`, { headers });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    body: await res.text(),
  };
}

const emailsOf = (csv: string) =>
  csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => line.split(',')[1]);

describe('CSV exports', () => {
  const tenant = newTenant();
  const other = newTenant();
  let appGlobalId: string;

  beforeAll(async () => {
    const ws = h.notion.seedWorkspace({
      name: 'Evidence',
      members: [
        person(1, '=HYPERLINK("http://evil.example","click")', 'formula@evidence.example'),
        person(2, 'Doe, "Jo"', 'quoted@evidence.example'),
        person(3, '+1 555', 'plus@evidence.example'),
        person(4, '@admin', 'at@evidence.example'),
        person(5, '-minus', 'minus@partner.example'),
        person(6, 'Plain', 'plain@evidence.example'),
      ],
    });
    await connectWorkspace(h, tenant, ws.id);
    const otherWs = h.notion.seedWorkspace({ name: 'Elsewhere', members: [person(7, 'Secret', 'secret@other.example')] });
    await connectWorkspace(h, other, otherWs.id);
    const res = await h.gql(`{ apps { edges { node { id } } } }`, {}, { tenant });
    appGlobalId = res.data.apps.edges[0].node.id;
  });

  it('streams users with a header row, RFC 4180 quoting and formula-safe cells, to a viewer', async () => {
    const res = await get('/export/users.csv', tenant, 'viewer');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/csv/);
    expect(res.disposition).toMatch(/^attachment; filename="users-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('id,email,name,employment_status,employment_since,first_seen,current_apps');
    expect(emailsOf(res.body)).toEqual([
      'at@evidence.example',
      'formula@evidence.example',
      'minus@partner.example',
      'plain@evidence.example',
      'plus@evidence.example',
      'quoted@evidence.example',
    ]);
    const row = (email: string) => lines.find((l) => l.split(',')[1] === email)!;
    expect(row('formula@evidence.example')).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",UNKNOWN,`);
    expect(row('quoted@evidence.example')).toContain(',"Doe, ""Jo""",');
    expect(row('plus@evidence.example')).toContain(",'+1 555,");
    expect(row('at@evidence.example')).toContain(",'@admin,");
    expect(row('minus@partner.example')).toContain(",'-minus,");
    expect(row('plain@evidence.example')).toMatch(/,Plain,UNKNOWN,,\d{4}-\d\d-\d\dT[^,]+Z,Evidence$/);
    // The id column is the User's global id: node(id:) finds the person.
    const id = row('plain@evidence.example').split(',')[0];
    expect((await h.gql(`query($id: ID!) { node(id: $id) { ... on User { email } } }`, { id }, { tenant })).data.node).toEqual({
      email: 'plain@evidence.example',
    });
  });

  it("takes the GraphQL field's filters as query parameters", async () => {
    expect(emailsOf((await get('/export/users.csv?emailDomain=partner.example', tenant)).body)).toEqual(['minus@partner.example']);
    expect(emailsOf((await get('/export/users.csv?nameContains=doe', tenant)).body)).toEqual(['quoted@evidence.example']);
    expect(emailsOf((await get('/export/users.csv?orderBy=EMAIL&direction=DESC&emailDomain=evidence.example', tenant)).body)).toEqual([
      'quoted@evidence.example',
      'plus@evidence.example',
      'plain@evidence.example',
      'formula@evidence.example',
      'at@evidence.example',
    ]);
    expect(emailsOf((await get(`/export/users.csv?workspaceId=${appGlobalId}&emailContains=at@`, tenant)).body)).toEqual([
      'at@evidence.example',
    ]);
    expect(emailsOf((await get('/export/users.csv?provider=GOOGLE_WORKSPACE', tenant)).body)).toEqual([]);
    expect(emailsOf((await get('/export/users.csv?employmentStatus=UNKNOWN&emailContains=minus', tenant)).body)).toEqual([
      'minus@partner.example',
    ]);
  });

  it('refuses a bad filter, an unknown parameter or export, and a missing token, with a JSON error', async () => {
    const bad = await get('/export/users.csv?memberOfNoApp=maybe', tenant);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_FILTER' });
    const typo = await get('/export/users.csv?emailDomian=partner.example', tenant);
    expect(JSON.parse(typo.body).error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_PARAMETER' });
    const long = await get(`/export/users.csv?emailContains=${'x'.repeat(257)}`, tenant);
    expect(JSON.parse(long.body).error).toMatchObject({ reason: 'FILTER_TOO_LONG' });
    // A tenant with no connection has no domains to tell external people by.
    const external = await get('/export/users.csv?external=true', newTenant());
    expect(JSON.parse(external.body).error).toMatchObject({ reason: 'TENANT_DOMAINS_UNKNOWN' });
    const missing = await get('/export/everything.csv', tenant);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).error).toMatchObject({ code: 'NOT_FOUND', reason: 'NO_SUCH_EXPORT' });
    const anonymous = await get('/export/users.csv', null);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body).error).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MISSING_TOKEN' });
  });

  it("never holds another tenant's rows", async () => {
    const mine = await get('/export/users.csv', tenant);
    expect(mine.body).not.toContain('other.example');
    const theirs = await get('/export/users.csv', other);
    expect(emailsOf(theirs.body)).toEqual(['secret@other.example']);
    expect((await get(`/export/users.csv?workspaceId=${appGlobalId}`, other)).body.trim().split('\r\n')).toHaveLength(1);
  });

  it('exports offboarding gaps, one row per account a leaver still holds', async () => {
    await h.app.graph.write(
      `MATCH (u:User {tenantId: $tenant}) WHERE u.email IN ['plain@evidence.example', 'quoted@evidence.example']
       SET u.employmentStatus = 'SUSPENDED', u.employmentSince = datetime('2026-01-0' + (CASE u.email WHEN 'plain@evidence.example' THEN '1' ELSE '2' END) + 'T00:00:00Z')`,
      { tenant },
      UNSEEN,
    );
    const res = await get('/export/offboarding-gaps.csv', tenant);
    expect(res.status).toBe(200);
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('user_id,email,name,status,since,provider,app,app_id,account_email,account_name,account_first_seen');
    expect(lines.slice(1).map((l) => l.split(',').slice(1, 5))).toEqual([
      ['plain@evidence.example', 'Plain', 'SUSPENDED', '2026-01-01T00:00:00.000Z'],
      ['quoted@evidence.example', '"Doe', ' ""Jo"""', 'SUSPENDED'],
    ]);
    expect(lines[1]).toContain(`,notion,Evidence,${appGlobalId},plain@evidence.example,Plain,`);
    expect((await get('/export/offboarding-gaps.csv', other)).body.trim().split('\r\n')).toHaveLength(1);
  });

  it('records each export in the audit trail with its Boolean and enum filters, refusals included', async () => {
    const audited = newTenant();
    await get('/export/users.csv?provider=NOTION&emailContains=secret-ish', audited);
    await get('/export/users.csv?external=maybe', audited);
    await get('/export/offboarding-gaps.csv', audited);
    const events = await h.cypher<{ actor: string; action: string; outcome: string; reason: string | null; options: string | null }>(
      `MATCH (e:AuditEvent {tenantId: $audited}) RETURN e.actor AS actor, e.action AS action, e.outcome AS outcome, e.reason AS reason,
         e.options AS options ORDER BY e.at`,
      { audited },
    );
    expect(events).toEqual([
      { actor: 'auth0|analyst', action: 'GET /export/users.csv', outcome: 'ok', reason: null, options: '{"provider":"NOTION"}' },
      {
        actor: 'auth0|analyst',
        action: 'GET /export/users.csv',
        outcome: 'BAD_USER_INPUT',
        reason: 'INVALID_FILTER',
        options: '{"external":"maybe"}',
      },
      { actor: 'auth0|analyst', action: 'GET /export/offboarding-gaps.csv', outcome: 'ok', reason: null, options: null },
    ]);
  });
});
