import { randomUUID } from 'node:crypto';
import { connectGoogle, connectSlack } from '../support/flows';
import { completeGitHub, startGitHubConnect } from '../support/github-flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

/**
 * Issue 21's access views (ADR 0019) over the real stack: a Google directory, a Slack workspace and a GitHub
 * organisation synced through their connectors and stand-ins into local Neo4j, read through GraphQL as tuples.
 */
jest.setTimeout(240_000); // the machine is shared: a sync can wait its turn
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h.close());

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/**
 * Acme: Olive owns the Slack workspace but is suspended in the directory; Ada administers all three apps; Mel has
 * not signed in for 400 days; a Slack Connect stranger, a GitHub member with a hidden address and an outside
 * collaborator belong to no person.
 */
async function acme() {
  const tenant = newTenant();
  const d = `acme${randomUUID().slice(0, 8)}.test`;
  const customer = h.google.seedCustomer({
    domain: d,
    users: 0,
    extra: [
      { primaryEmail: `ada@${d}`, fullName: 'Ada Admin', isAdmin: true, isEnrolledIn2Sv: true, lastLoginTime: ago(0) },
      { primaryEmail: `olive@${d}`, fullName: 'Olive Owner', suspended: true, lastLoginTime: ago(2) },
      { primaryEmail: `mel@${d}`, fullName: 'Mel Member', lastLoginTime: ago(400) },
    ],
  });
  await connectGoogle(h, tenant, customer.id);

  const ws = h.slack.seedWorkspace({
    name: 'Acme Slack',
    domain: `acme-${d.slice(4, 12)}`,
    extra: [
      { email: `olive@${d}`, realName: 'Olive Owner', role: 'primary_owner', has2fa: true },
      { email: `ada@${d}`, realName: 'Ada Admin', role: 'admin', has2fa: false },
      { email: `mel@${d}`, realName: 'Mel Member' },
      { email: 'gus@partner.example', realName: 'Gus Guest', role: 'guest' },
      { realName: 'Stan Stranger', handle: 'stan', strangerTeamId: 'T0OTHERORG' },
    ],
  });
  await connectSlack(h, tenant, ws.id);

  const login = `acme-${randomUUID().slice(0, 6)}`;
  h.github.seedOrg({
    login,
    name: 'Acme GitHub',
    verifiedDomains: [d],
    extra: [
      { login: `${login}-ada`, name: 'Ada Admin', role: 'ADMIN', emails: [`ada@${d}`], twoFactor: true },
      { login: `${login}-ghost`, name: 'Ghost', emails: ['ghost@gmail.example'] },
    ],
    collaborators: 1,
  });
  const { state } = await startGitHubConnect(h, tenant);
  const gh = await completeGitHub(h, tenant, h.github.install({ org: login, login: `${login}-ada`, state }), state);
  expect(gh.errors).toBeUndefined();
  await h.app.sync.idle();
  const apps = await h.gql(`{ apps(first: 10) { edges { node { id provider } } } }`, {}, { tenant });
  const appId = (provider: string) =>
    (apps.data.apps.edges as { node: { id: string; provider: string } }[]).find((e) => e.node.provider === provider)!.node.id;
  return { tenant, d, login, slackApp: appId('SLACK') };
}

let acmeOnce: ReturnType<typeof acme> | null = null;
const acmeShared = () => (acmeOnce ??= acme());

const ROW = 'provider login name role mfaEnabled app { provider }';

describe('privilegedAccounts', () => {
  it('lists OWNER and ADMIN accounts with person and employment, people no longer ACTIVE first; narrows by app and MFA', async () => {
    const { tenant, d, login, slackApp } = await acmeShared();
    const q = `query($appId: ID, $mfa: Boolean) { privilegedAccounts(first: 20, appId: $appId, filter: { mfaEnabled: $mfa }) {
      totalCount edges { node { ${ROW} email person { email } employment { status } } } } }`;
    const read = async (variables: Record<string, unknown> = {}) => {
      const r = await h.gql(q, variables, { tenant });
      expect(r.errors).toBeUndefined();
      const list = r.data.privilegedAccounts;
      const rows = list.edges.map(({ node: n }: { node: Record<string, any> }) => [
        n.app.provider,
        n.login,
        n.role,
        n.mfaEnabled,
        n.person?.email ?? null,
        n.employment?.status ?? null,
      ]);
      expect(list.totalCount).toBe(rows.length);
      return rows;
    };
    const all = await read();
    // The suspended owner first; then the rest, in account-key order.
    expect(all[0]).toEqual(['SLACK', 'olive', 'OWNER', true, `olive@${d}`, 'SUSPENDED']);
    expect(all.slice(1).sort()).toEqual(
      [
        ['GITHUB', `${login}-ada`, 'ADMIN', true, `ada@${d}`, 'ACTIVE'],
        ['GOOGLE_WORKSPACE', null, 'ADMIN', true, `ada@${d}`, 'ACTIVE'],
        ['SLACK', 'ada', 'ADMIN', false, `ada@${d}`, 'ACTIVE'],
      ].sort(),
    );
    expect(await read({ appId: slackApp })).toEqual([
      ['SLACK', 'olive', 'OWNER', true, `olive@${d}`, 'SUSPENDED'],
      ['SLACK', 'ada', 'ADMIN', false, `ada@${d}`, 'ACTIVE'],
    ]);
    expect(await read({ mfa: false })).toEqual([['SLACK', 'ada', 'ADMIN', false, `ada@${d}`, 'ACTIVE']]);
  });

  it('pages with first/after without losing or repeating an account', async () => {
    const { tenant } = await acmeShared();
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const r: any = await h.gql(
        `query($after: String) { privilegedAccounts(first: 1, after: $after) { edges { node { accountId } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        { tenant },
      );
      seen.push(...r.data.privilegedAccounts.edges.map((e: { node: { accountId: string } }) => e.node.accountId));
      if (!r.data.privilegedAccounts.pageInfo.hasNextPage) break;
      after = r.data.privilegedAccounts.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
  });
});

describe('unmanagedAccounts', () => {
  it('lists the accounts joined to no person with their reason, login and role', async () => {
    const { tenant, login } = await acmeShared();
    const r = await h.gql(`{ unmanagedAccounts { totalCount edges { node { ${ROW} reason firstSeen } } } }`, {}, { tenant });
    expect(r.errors).toBeUndefined();
    const rows = r.data.unmanagedAccounts.edges.map(({ node: n }: { node: Record<string, any> }) => [
      n.app.provider,
      n.login,
      n.name,
      n.role,
      n.reason,
      typeof n.firstSeen,
    ]);
    expect(rows.sort()).toEqual(
      [
        ['GITHUB', `${login}-ghost`, 'Ghost', 'MEMBER', 'EMAIL_HIDDEN', 'string'],
        ['GITHUB', `${login}-guest1`, null, 'GUEST', 'EMAIL_HIDDEN', 'string'],
        ['SLACK', 'stan', 'Stan Stranger', 'MEMBER', 'NO_EMAIL', 'string'],
      ].sort(),
    );
    expect(r.data.unmanagedAccounts.totalCount).toBe(3);
  });
});

describe('inactiveAccounts', () => {
  it('lists accounts whose last activity is older than days, oldest first, and names the apps that give no activity', async () => {
    const { tenant, d } = await acmeShared();
    const q = `query($days: Int!) { inactiveAccounts(days: $days) { totalCount edges { node { provider email lastActiveAt person { email } } }
      appsWithoutActivity { provider name } } }`;
    const r = await h.gql(q, { days: 30 }, { tenant });
    expect(r.errors).toBeUndefined();
    const page = r.data.inactiveAccounts;
    expect(page.edges.map(({ node: n }: { node: Record<string, any> }) => [n.provider, n.email, n.person.email])).toEqual([
      ['GOOGLE_WORKSPACE', `mel@${d}`, `mel@${d}`],
    ]);
    expect(Date.now() - Date.parse(page.edges[0].node.lastActiveAt)).toBeGreaterThan(399 * DAY);
    expect(page.appsWithoutActivity).toEqual([
      { provider: 'GITHUB', name: 'Acme GitHub' },
      { provider: 'SLACK', name: 'Acme Slack' },
    ]);
    // Olive (2 days) joins at 1 day; nobody at 500 days.
    const one = await h.gql(q, { days: 1 }, { tenant });
    expect(one.data.inactiveAccounts.edges.map((e: { node: { email: string } }) => e.node.email)).toEqual([`mel@${d}`, `olive@${d}`]);
    expect((await h.gql(q, { days: 500 }, { tenant })).data.inactiveAccounts.totalCount).toBe(0);
  });

  it('refuses days out of range with a stable code', async () => {
    const { tenant } = await acmeShared();
    const r = await h.gql(`{ inactiveAccounts(days: 0) { totalCount } }`, {}, { tenant });
    expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'DAYS_OUT_OF_RANGE' } });
  });
});

describe('users(filter: { accountRole, mfaEnabled })', () => {
  it('keeps people holding a current account of that role or MFA value', async () => {
    const { tenant, d } = await acmeShared();
    const emails = async (filter: string) =>
      (await h.gql(`{ users(first: 50, filter: ${filter}) { edges { node { email } } } }`, {}, { tenant })).data.users.edges.map(
        (e: { node: { email: string } }) => e.node.email,
      );
    expect(await emails('{ accountRole: OWNER }')).toEqual([`olive@${d}`]);
    expect(await emails('{ accountRole: ADMIN }')).toEqual([`ada@${d}`]);
    expect(await emails('{ mfaEnabled: false }')).toEqual([`ada@${d}`, `mel@${d}`, `olive@${d}`]);
  });
});

describe('a viewer', () => {
  it('reads the three views as an admin does', async () => {
    const { tenant } = await acmeShared();
    const r = await h.gql(
      `{ privilegedAccounts { totalCount } unmanagedAccounts { totalCount } inactiveAccounts(days: 30) { totalCount } }`,
      {},
      { tenant, role: 'viewer' },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      privilegedAccounts: { totalCount: 4 },
      unmanagedAccounts: { totalCount: 3 },
      inactiveAccounts: { totalCount: 1 },
    });
  });
});
