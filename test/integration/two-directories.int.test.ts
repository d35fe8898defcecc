import { randomUUID } from 'node:crypto';
import { connectGoogle, connectWorkspace, syncNow } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

/**
 * Issue 20 over the real stack: a company mid-migration runs two directories (here two Google Workspace customers
 * of the same domain, through @googleapis/admin against the stand-in), with Notion beside them, on the real
 * Neo4j. A person is ACTIVE when any directory has them active; `employment.sources` shows each directory's view;
 * `offboardingGaps` holds the people active in none. And the core's digest: a new last sign-in is stored without a
 * rewrite (figure 4's "an unchanged re-sync writes nothing").
 */
jest.setTimeout(240_000); // the machine is shared: a sync can wait its turn
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h.close());

const person = (email: string) => ({ id: randomUUID(), type: 'person' as const, name: email.split('@')[0], avatar_url: null, email });

const USER = `query($email: String!) {
  user(email: $email) { email employment { status since isAdmin orgUnitPath lastLoginAt sources { provider appId status since } } }
}`;
const GAPS = '{ offboardingGaps { edges { node { status user { email } } } } }';
const LAST_RUN = `query($id: ID!) { connection(id: $id) { lastSync { status accountsWritten usersUpserted } } }`;

async function migrating() {
  const tenant = newTenant();
  const d = `mid${randomUUID().slice(0, 8)}.test`;
  // Each with its super admin (admin@), who consents.
  const old = h.google.seedCustomer({
    domain: d,
    users: 1,
    extra: [
      { primaryEmail: `ada@${d}`, orgUnitPath: '/Old', isAdmin: true },
      { primaryEmail: `sam@${d}`, suspended: true },
      { primaryEmail: `lee@${d}` },
      { primaryEmail: `kim@${d}` },
    ],
  });
  const next = h.google.seedCustomer({
    domain: d,
    users: 1,
    extra: [
      { primaryEmail: `ada@${d}`, suspended: true, orgUnitPath: '/New' },
      { primaryEmail: `sam@${d}`, archived: true },
      { primaryEmail: `kim@${d}` },
    ],
  });
  const ws = h.notion.seedWorkspace({
    name: `Notion ${d}`,
    members: [person(`ada@${d}`), person(`sam@${d}`), person(`lee@${d}`), person(`kim@${d}`)],
  });
  await connectWorkspace(h, tenant, ws.id);
  const oldConn = await connectGoogle(h, tenant, old.id);
  const nextConn = await connectGoogle(h, tenant, next.id);
  const user = async (email: string) => (await h.gql(USER, { email }, { tenant })).data.user.employment;
  const gaps = async () =>
    (await h.gql(GAPS, {}, { tenant })).data.offboardingGaps.edges.map((e: any) => [e.node.user.email, e.node.status]).sort();
  return { tenant, d, old, next, oldConn, nextConn, user, gaps };
}

describe('two directories in one tenant', () => {
  it('is ACTIVE when any directory has the person active, lists each view, and gaps only those active in none', async () => {
    const { d, old, next, user, gaps } = await migrating();
    const ada = await user(`ada@${d}`);
    expect(ada).toMatchObject({ status: 'ACTIVE', isAdmin: true, orgUnitPath: '/Old' });
    expect(ada.sources.map((s: any) => [s.provider, s.appId, s.status])).toEqual([
      ['GOOGLE_WORKSPACE', old.id, 'ACTIVE'],
      ['GOOGLE_WORKSPACE', next.id, 'SUSPENDED'],
    ]);
    expect(ada.sources.every((s: any) => Date.parse(s.since) > 0)).toBe(true);
    // Suspended in one, archived in the other: the milder leaver's status, both views listed.
    const sam = await user(`sam@${d}`);
    expect([sam.status, sam.sources.map((s: any) => s.status)]).toEqual(['SUSPENDED', ['SUSPENDED', 'ARCHIVED']]);
    expect((await user(`lee@${d}`)).sources.map((s: any) => [s.appId, s.status])).toEqual([[old.id, 'ACTIVE']]);
    expect(await gaps()).toEqual([[`sam@${d}`, 'SUSPENDED']]);
  });

  it('follows each directory on its own: deleted from one and active in the other stays ACTIVE until the other suspends', async () => {
    const { d, old, next, oldConn, nextConn, tenant, user, gaps } = await migrating();
    h.google.deleteUser(old.id, `kim@${d}`);
    await syncNow(h, tenant, oldConn);
    const kim = await user(`kim@${d}`);
    expect([kim.status, kim.sources.map((s: any) => [s.appId, s.status])]).toEqual([
      'ACTIVE',
      [
        [next.id, 'ACTIVE'],
        [old.id, 'DELETED'],
      ],
    ]);
    expect(await gaps()).toEqual([[`sam@${d}`, 'SUSPENDED']]);

    h.google.updateUser(next.id, `kim@${d}`, (u) => void (u.suspended = true));
    await syncNow(h, tenant, nextConn);
    const left = await user(`kim@${d}`);
    expect([left.status, left.sources.map((s: any) => s.status)]).toEqual(['SUSPENDED', ['SUSPENDED', 'DELETED']]);
    expect(Date.parse(left.since)).toBeGreaterThan(Date.parse(kim.since));
    expect(await gaps()).toEqual([
      [`kim@${d}`, 'SUSPENDED'],
      [`sam@${d}`, 'SUSPENDED'],
    ]);
  });
});

describe("the core's digest", () => {
  it('stores a new last sign-in without counting it as a change, and an unchanged re-sync writes nothing', async () => {
    const { d, old, oldConn, tenant, user } = await migrating();
    const before = await user(`lee@${d}`);
    h.google.updateUser(old.id, `lee@${d}`, (u) => void (u.lastLoginTime = '2026-12-01T09:30:00.000Z'));
    await syncNow(h, tenant, oldConn);
    const run = (await h.gql(LAST_RUN, { id: oldConn }, { tenant })).data.connection.lastSync;
    expect(run).toEqual({ status: 'SUCCEEDED', accountsWritten: 0, usersUpserted: 5 });
    const after = await user(`lee@${d}`);
    expect([before.lastLoginAt === after.lastLoginAt, after.lastLoginAt]).toEqual([false, '2026-12-01T09:30:00.000Z']);
    expect(after.since).toBe(before.since);

    await syncNow(h, tenant, oldConn);
    const again = (await h.gql(LAST_RUN, { id: oldConn }, { tenant })).data.connection.lastSync;
    expect(again).toEqual({ status: 'SUCCEEDED', accountsWritten: 0, usersUpserted: 5 });
    const [stored] = await h.cypher<{ v: string; run: string | null }>(
      `MATCH (a:UserAccount {tenantId: $tenant, provider: 'google_workspace', email: $email}) RETURN a.lastSignInAt AS v, a.lastChangedRunId AS run`,
      { tenant, email: `lee@${d}` },
    );
    expect(stored.v).toBe('2026-12-01T09:30:00.000Z');
  });
});
