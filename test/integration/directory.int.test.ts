import { randomUUID } from 'node:crypto';
import { type Harness, newTenant, startHarness } from '../support/harness';
import { connectGoogle, connectWorkspace, syncNow } from '../support/flows';

/**
 * Issue 12 over the real stack: Notion and the Google stand-in through their official clients, the real local
 * Neo4j, read back through GraphQL and as Cypher tuples. One person, several addresses; statuses; domains; gaps.
 */
jest.setTimeout(240_000); // the machine is shared: a sync can wait its turn
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h.close());

const person = (email: string, name = email.split('@')[0]) => ({
  id: randomUUID(),
  type: 'person' as const,
  name,
  avatar_url: null,
  email,
});

/** A directory of Acme and a Notion workspace of its people, Notion connected first (so an alias signup made its own User). */
async function acme() {
  const tenant = newTenant();
  const d = `acme${randomUUID().slice(0, 8)}.test`;
  const customer = h.google.seedCustomer({
    domain: d,
    users: 1,
    extra: [
      { primaryEmail: `ada@${d}`, fullName: 'Ada Lovelace', aliases: [`ada.lovelace@${d}`], orgUnitPath: '/Engineering', isAdmin: true },
      { primaryEmail: `sam@${d}`, suspended: true },
      { primaryEmail: `arc@${d}`, archived: true },
      { primaryEmail: `old@${d}` },
      { primaryEmail: `josé@${d}` },
    ],
  });
  const ws = h.notion.seedWorkspace({
    name: `Acme Notion ${d}`,
    members: [
      person(`ADA.Lovelace@${d}`),
      person(`sam@${d}`),
      person(`arc@${d}`),
      person(`old@${d}`),
      person(`ghost@${d}`),
      person('guest@partner.example'),
      person(`  JOSE\u0301@${d.toUpperCase()} `),
    ],
  });
  await connectWorkspace(h, tenant, ws.id);
  const google = await connectGoogle(h, tenant, customer.id);
  return { tenant, d, customer, ws, google };
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
const statusOf = async (tenant: string, email: string) => (await h.gql(USER, { email }, { tenant })).data.user?.employment.status;

describe('one person, several addresses', () => {
  it('joins an alias signup and an NFD spelling to the directory person, finds them by any address, lists every address', async () => {
    const { tenant, d } = await acme();
    const rows = await tuples(tenant);
    expect(rows.filter((r) => r[0] === `ada@${d}`)).toEqual([
      [`ada@${d}`, 'google_workspace', `ada@${d}`, true],
      [`ada@${d}`, 'notion', `ada.lovelace@${d}`, true],
    ]);
    expect(rows.filter((r) => r[0] === `josé@${d}`).map((r) => r[1])).toEqual(['google_workspace', 'notion']);
    expect(rows.some((r) => r[0] === `ada.lovelace@${d}`)).toBe(false);

    const byAlias = await h.gql(USER, { email: ` ADA.LOVELACE@${d.toUpperCase()}` }, { tenant });
    expect(byAlias.data.user).toMatchObject({
      email: `ada@${d}`,
      emails: [`ada@${d}`, `ada.lovelace@${d}`],
      employment: { status: 'ACTIVE', isAdmin: true, orgUnitPath: '/Engineering' },
    });
    expect(byAlias.data.user.employment.lastLoginAt).toMatch(/^20\d\d-/);
    const nfd = await h.gql(USER, { email: `JOSE\u0301@${d}` }, { tenant });
    expect(nfd.data.user).toMatchObject({ email: `josé@${d}`, emails: [`josé@${d}`] });
    expect(nfd.data.user.accounts).toHaveLength(2);
    expect(await h.cypher('MATCH (e:EmailAlias {tenantId: $tenant}) RETURN e.address AS a', { tenant })).toEqual([
      { a: `ada.lovelace@${d}` },
    ]);
  });

  it('moves accounts, losing no history, when an alias is removed and when a primary is renamed', async () => {
    const { tenant, d, customer, ws, google } = await acme();
    const [before] = await h.cypher<{ id: string; firstSeen: string }>(
      `MATCH (a:UserAccount {tenantId: $tenant, provider: 'notion', email: $email}) RETURN a.id AS id, toString(a.firstSeen) AS firstSeen`,
      { tenant, email: `ada.lovelace@${d}` },
    );
    h.google.updateUser(customer.id, `ada@${d}`, (u) => {
      u.aliases = [];
    });
    h.google.renameUser(customer.id, `sam@${d}`, `samuel@${d}`, true);
    await syncNow(h, tenant, google);

    const rows = await tuples(tenant);
    expect(rows.filter((r) => r[2] === `ada.lovelace@${d}`)).toEqual([[`ada.lovelace@${d}`, 'notion', `ada.lovelace@${d}`, true]]);
    expect(rows.filter((r) => r[0] === `samuel@${d}`)).toEqual([
      [`samuel@${d}`, 'google_workspace', `samuel@${d}`, true],
      [`samuel@${d}`, 'notion', `sam@${d}`, true],
    ]);
    expect(rows.some((r) => r[0] === `sam@${d}`)).toBe(false);
    const [after] = await h.cypher<{ id: string; firstSeen: string; member: boolean }>(
      `MATCH (a:UserAccount {tenantId: $tenant, id: $id}) RETURN a.id AS id, toString(a.firstSeen) AS firstSeen, EXISTS { (a)-[:MEMBER_OF]->(:SaaSApp {id: $ws}) } AS member`,
      { tenant, id: before.id, ws: ws.id },
    );
    expect(after).toEqual({ ...before, member: true });
    expect(await statusOf(tenant, `ada.lovelace@${d}`)).toBe('NOT_IN_DIRECTORY');
    expect((await h.gql(USER, { email: `sam@${d}` }, { tenant })).data.user).toMatchObject({
      email: `samuel@${d}`,
      emails: [`samuel@${d}`, `sam@${d}`],
      employment: { status: 'SUSPENDED' },
    });
    // A Notion account created after the directory sync joins through the alias at once.
    ws.members.push(person(`SAM@${d}`, 'Sam again'));
    await syncNow(
      h,
      tenant,
      (await h.gql(`{ connections { id provider } }`, {}, { tenant })).data.connections.find((c: any) => c.provider === 'NOTION').id,
    );
    expect((await tuples(tenant)).filter((r) => r[0] === `samuel@${d}` && r[1] === 'notion')).toHaveLength(2);
  });
});

describe('pages read only the parts a query selects', () => {
  it('answers each selection as the whole read does, for a users page, a members page and one person', async () => {
    const { tenant, d, ws } = await acme();
    const ACCOUNT = 'id provider externalId name email emailRaw avatarUrl firstSeen lastSeen removedAt current workspace { name }';
    const ALL = `email emails name firstSeen employment { status since isAdmin orgUnitPath lastLoginAt } accounts(includeRemoved: true) { ${ACCOUNT} }`;
    // Each selection, and the fields of the whole answer it must equal (and of each account, when it selects a few).
    const subsets: [string, string[], string[]?][] = [
      ['email', ['email']],
      ['email name', ['email', 'name']],
      [
        'email accounts(includeRemoved: true) { provider email workspace { name } }',
        ['email', 'accounts'],
        ['provider', 'email', 'workspace'],
      ],
      ['email accounts(includeRemoved: true) { lastSeen current }', ['email', 'accounts'], ['lastSeen', 'current']],
      [`email accounts(includeRemoved: true) { ${ACCOUNT} }`, ['email', 'accounts']],
      ['email emails', ['email', 'emails']],
      ['email employment { status since isAdmin orgUnitPath lastLoginAt }', ['email', 'employment']],
    ];
    const only = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));
    const pick = (node: Record<string, unknown>, keys: string[], accountKeys?: string[]) => {
      const picked = only(node, keys);
      if (accountKeys) picked.accounts = (node.accounts as Record<string, unknown>[]).map((a) => only(a, accountKeys));
      return picked;
    };
    const lists = {
      users: (sel: string) => `{ users(first: 50) { edges { node { ${sel} } } } }`,
      members: (sel: string) =>
        `{ apps(first: 1, filter: { nameContains: "${ws.name}" }) { edges { node { members(first: 50) { edges { node { ${sel} } } } } } } }`,
    };
    for (const [list, query] of Object.entries(lists)) {
      const nodes = async (sel: string) => {
        const res = await h.gql(query(sel), {}, { tenant });
        expect(res.errors).toBeUndefined();
        const page = list === 'users' ? res.data.users : res.data.apps.edges[0].node.members;
        return page.edges.map((e: { node: Record<string, unknown> }) => e.node);
      };
      const whole = await nodes(ALL);
      expect(whole.length).toBeGreaterThan(3);
      expect(whole.some((n: any) => n.emails.length > 1 && n.employment.isAdmin === true)).toBe(true);
      for (const [sel, keys, accountKeys] of subsets)
        expect(await nodes(sel)).toEqual(whole.map((n: Record<string, unknown>) => pick(n, keys, accountKeys)));
    }
    const one = async (sel: string) => (await h.gql(`{ user(email: "ada@${d}") { ${sel} } }`, {}, { tenant })).data.user;
    const ada = await one(ALL);
    expect(ada.emails).toEqual([`ada@${d}`, `ada.lovelace@${d}`]);
    for (const [sel, keys, accountKeys] of subsets) expect(await one(sel)).toEqual(pick(ada, keys, accountKeys));
  });
});

describe('employment and the offboarding view', () => {
  it('gives each person a status, filters users and members by it, and lists the gaps oldest first with stable since', async () => {
    const { tenant, d, customer, ws, google } = await acme();
    const status = async (email: string) => statusOf(tenant, email);
    expect(
      await Promise.all([`ada@${d}`, `sam@${d}`, `arc@${d}`, `old@${d}`, `ghost@${d}`, 'guest@partner.example', `admin@${d}`].map(status)),
    ).toEqual(['ACTIVE', 'SUSPENDED', 'ARCHIVED', 'ACTIVE', 'NOT_IN_DIRECTORY', 'EXTERNAL', 'ACTIVE']);
    const byStatus = async (list: string[]) =>
      (
        await h.gql(
          `query($s: [EmploymentStatus!]) { users(filter: { employmentStatus: $s }) { edges { node { email } } } }`,
          { s: list },
          { tenant },
        )
      ).data.users.edges.map((e: any) => e.node.email);
    expect(await byStatus(['SUSPENDED', 'EXTERNAL'])).toEqual(['guest@partner.example', `sam@${d}`]);
    const members = await h.gql(
      `{ app: workspaces { id members(filter: { employmentStatus: [NOT_IN_DIRECTORY] }) { edges { node { email } } } } }`,
      {},
      { tenant },
    );
    expect(members.data.app.find((w: any) => w.id === ws.id).members.edges.map((e: any) => e.node.email)).toEqual([`ghost@${d}`]);

    const GAPS = `query($after: String) { offboardingGaps(first: 2, after: $after) { totalCount edges { cursor node { status since user { email } accounts { provider email } } } pageInfo { hasNextPage endCursor } } }`;
    const first = await h.gql(GAPS, {}, { tenant });
    expect(first.data.offboardingGaps.totalCount).toBe(3);
    const sinceOf = (g: any) => g.edges.map((e: any) => [e.node.user.email, e.node.status, e.node.since]);
    const page1 = sinceOf(first.data.offboardingGaps);
    expect(page1.map((r: string[]) => r.slice(0, 2))).toEqual([
      [`arc@${d}`, 'ARCHIVED'],
      [`ghost@${d}`, 'NOT_IN_DIRECTORY'],
    ]);
    expect(first.data.offboardingGaps.edges[0].node.accounts).toEqual([{ provider: 'NOTION', email: `arc@${d}` }]);

    h.google.deleteUser(customer.id, `old@${d}`);
    await syncNow(h, tenant, google);
    expect(await status(`old@${d}`)).toBe('DELETED');
    const again = await h.gql(GAPS, {}, { tenant });
    expect(sinceOf(again.data.offboardingGaps)).toEqual(page1); // re-sync: the same statuses keep their moment
    const rest = await h.gql(GAPS, { after: again.data.offboardingGaps.pageInfo.endCursor }, { tenant });
    const page2 = sinceOf(rest.data.offboardingGaps);
    expect(page2.map((r: string[]) => r.slice(0, 2))).toEqual([
      [`sam@${d}`, 'SUSPENDED'],
      [`old@${d}`, 'DELETED'],
    ]);
    expect(Date.parse(page2[1][2])).toBeGreaterThan(Date.parse(page2[0][2]));
    expect(rest.data.offboardingGaps.pageInfo.hasNextPage).toBe(false);
    const bad = await h.gql(GAPS, { after: 'bm9wZQ' }, { tenant });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('says UNKNOWN and lists no gap without a directory', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'No directory', members: [person('pat@nodir.example')] });
    await connectWorkspace(h, tenant, ws.id);
    expect((await h.gql(USER, { email: 'pat@nodir.example' }, { tenant })).data.user.employment).toEqual({
      status: 'UNKNOWN',
      isAdmin: null,
      orgUnitPath: null,
      lastLoginAt: null,
      since: null,
    });
    expect((await h.gql('{ offboardingGaps { edges { cursor } } }', {}, { tenant })).data.offboardingGaps.edges).toEqual([]);
  });
});

describe('domains from the directory', () => {
  it('takes tenantDomains from the directory, makes external authoritative, and lets setTenantDomains override', async () => {
    const { tenant, d } = await acme();
    const DOMAINS = '{ tenantDomains { domains source } }';
    expect((await h.gql(DOMAINS, {}, { tenant })).data.tenantDomains).toEqual({ domains: [d], source: 'DIRECTORY' });
    const external = await h.gql('{ users(filter: { external: true }) { edges { node { email } } } }', {}, { tenant });
    expect(external.data.users.edges.map((e: any) => e.node.email)).toEqual(['guest@partner.example']);
    const set = await h.gql('mutation { setTenantDomains(domains: [" Partner.EXAMPLE "]) { domains source } }', {}, { tenant });
    expect(set.data.setTenantDomains).toEqual({ domains: ['partner.example'], source: 'CONFIGURED' });
    const cleared = await h.gql('mutation { setTenantDomains(domains: []) { domains source } }', {}, { tenant });
    expect(cleared.data.setTenantDomains).toEqual({ domains: [d], source: 'DIRECTORY' });
  });
});
