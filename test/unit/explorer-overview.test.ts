/** The explorer's overview model (public/explore/overview.js), the same file the page loads, run under Node. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const O = require('../../public/explore/overview.js');

const app = (id: string, name: string, provider: string) => ({ id, name, provider, memberCount: 0 });
const user = (email: string, status: string, apps: string[], roles: string[] = []) => ({
  email,
  employment: { status },
  accounts: apps.map((id, i) => ({ workspace: { id }, role: roles[i] })),
});

describe('the explorer overview model', () => {
  const apps = [app('n', 'Acme Corp', 'NOTION'), app('g', 'Acme Corp', 'GOOGLE_WORKSPACE'), app('s', 'Acme', 'SLACK')];

  it('tells same-named apps apart by provider, and labels a provider it does not know from its enum', () => {
    expect(apps.map(O.appLabel)).toEqual(['Acme Corp · Notion', 'Acme Corp · Google', 'Acme · Slack']);
    expect(O.providerLabel('SOME_NEW_TOOL')).toBe('Some New Tool');
  });

  it('marks a gap first, then an OWNER or ADMIN account (once Account.role is read), else nothing', () => {
    expect(O.personMark([{ role: 'ADMIN' }], true)).toBe('gap');
    expect(O.personMark([{ role: 'MEMBER' }, { role: 'OWNER' }], false)).toBe('privileged');
    expect(O.personMark([{ role: 'GUEST' }, {}], false)).toBeNull();
    expect(O.personMark([{ workspace: { id: 'n' } }], false)).toBeNull();
  });

  it('aggregates 250 people: single-app and large groups become counts, gaps and small multi-app groups stay people', () => {
    const users = [
      ...Array.from({ length: 200 }, (_, i) => user(`p${i}@acme.test`, 'ACTIVE', ['n', 'g'])),
      ...Array.from({ length: 45 }, (_, i) => user(`solo${i}@acme.test`, 'ACTIVE', ['n'])),
      user('slack1@acme.test', 'ACTIVE', ['n', 'g', 's']),
      user('slack2@acme.test', 'ACTIVE', ['g', 's']),
      user('sus@acme.test', 'SUSPENDED', ['n', 'g']),
      user('nid@acme.test', 'NOT_IN_DIRECTORY', ['n']),
      user('boss@acme.test', 'ACTIVE', ['n', 'g'], ['OWNER', 'MEMBER']),
      user('elsewhere@acme.test', 'ACTIVE', ['other-app']),
    ];
    const m = O.buildOverview(apps, users, ['sus@acme.test', 'nid@acme.test']);
    expect(m.total).toBe(250);
    expect(m.unplaced).toBe(1);
    expect(m.people.map((p: any) => [p.user.email, p.mark, p.status, p.apps.join('+')])).toEqual([
      ['sus@acme.test', 'gap', 'SUSPENDED', 'g+n'],
      ['nid@acme.test', 'gap', 'NOT_IN_DIRECTORY', 'n'],
      ['boss@acme.test', 'privileged', 'ACTIVE', 'g+n'],
      ['slack1@acme.test', null, 'ACTIVE', 'g+n+s'],
      ['slack2@acme.test', null, 'ACTIVE', 'g+s'],
    ]);
    expect(m.groups.map((g: any) => [g.apps.join('+'), g.status, g.count])).toEqual([
      ['g+n', 'ACTIVE', 200],
      ['n', 'ACTIVE', 45],
    ]);
  });

  it('draws at most MAX_PEOPLE people one by one, gaps first; the rest are counted in groups', () => {
    const many = Array.from({ length: O.MAX_PEOPLE + 30 }, (_, i) =>
      user(`s${String(i).padStart(3, '0')}@acme.test`, 'SUSPENDED', ['n', 'g']),
    );
    const m = O.buildOverview(apps, many, ['s149@acme.test']);
    expect(m.people).toHaveLength(O.MAX_PEOPLE);
    expect(m.people[0].user.email).toBe('s149@acme.test');
    expect(m.groups).toEqual([{ id: 'g:g+n|SUSPENDED', apps: ['g', 'n'], status: 'SUSPENDED', count: 30 }]);
  });
});
