import { collaboratorAccount, memberAccount, transformItems } from '../../src/connectors/github/transform';
import { toAccountBatch } from '../../src/identity/account-rows';

/** Edges as GitHub's members query answers them (sheet §4). */
const owner = {
  role: 'ADMIN',
  hasTwoFactorEnabled: true,
  node: {
    id: 'MDQ6VXNlcjE=',
    databaseId: 583231,
    login: 'octocat',
    name: ' Mona Lisa ',
    email: 'mona@personal.example',
    avatarUrl: 'https://avatars.githubusercontent.com/u/583231?v=4',
    organizationVerifiedDomainEmails: ['Mona.Lisa@Acme.com', 'mona@acme.io'],
  },
};
const hidden = {
  role: 'MEMBER',
  hasTwoFactorEnabled: null,
  node: { id: 'U_2', databaseId: 9919, login: 'hubot', name: null, email: '', avatarUrl: null, organizationVerifiedDomainEmails: [] },
};
const guest = {
  login: 'contractor-jo',
  id: 77,
  node_id: 'U_77',
  avatar_url: 'https://avatars.example/u/77',
  type: 'User',
  site_admin: false,
};

describe('GitHub transform', () => {
  test('an owner with two verified-domain addresses: ADMIN, 2FA on, the first address the join key, the other an alias', () => {
    expect(memberAccount(owner)).toEqual({
      externalId: '583231',
      login: 'octocat',
      name: 'Mona Lisa',
      avatarUrl: 'https://avatars.githubusercontent.com/u/583231?v=4',
      role: 'ADMIN',
      mfaEnabled: true,
      email: 'mona.lisa@acme.com',
      emailRaw: 'Mona.Lisa@Acme.com',
      aliases: ['mona@acme.io'],
      unmanaged: null,
    });
  });

  test('a member with no verified-domain address is unmanaged (EMAIL_HIDDEN); the public profile email is never the key', () => {
    expect(memberAccount(hidden)).toEqual({
      externalId: '9919',
      login: 'hubot',
      name: null,
      avatarUrl: null,
      role: 'MEMBER',
      mfaEnabled: null,
      email: null,
      emailRaw: null,
      aliases: [],
      unmanaged: 'EMAIL_HIDDEN',
    });
    expect(memberAccount({ ...hidden, node: { ...hidden.node, email: 'hubot@acme.com' } })?.email).toBeNull();
  });

  test('an outside collaborator is a GUEST with no address and no 2FA fact', () => {
    expect(collaboratorAccount(guest)).toEqual({
      externalId: '77',
      login: 'contractor-jo',
      name: null,
      avatarUrl: 'https://avatars.example/u/77',
      role: 'GUEST',
      mfaEnabled: null,
      email: null,
      emailRaw: null,
      aliases: [],
      unmanaged: 'EMAIL_HIDDEN',
    });
  });

  test('a batch: people for every account with its facts; the core keeps those without an address as unmanaged accounts', () => {
    const items = [
      { member: owner },
      { member: hidden },
      { member: { role: 'MEMBER', node: { login: 'no-id' } } },
      { collaborator: guest },
    ];
    const t = transformItems(items);
    expect(t.accounts.map((a) => [a.login, a.role, a.unmanaged])).toEqual([
      ['octocat', 'ADMIN', null],
      ['hubot', 'MEMBER', 'EMAIL_HIDDEN'],
      ['contractor-jo', 'GUEST', 'EMAIL_HIDDEN'],
    ]);
    expect(t.people[0]).toEqual({
      externalId: '583231',
      email: 'Mona.Lisa@Acme.com',
      name: 'Mona Lisa',
      avatarUrl: 'https://avatars.githubusercontent.com/u/583231?v=4',
      attributes: {},
      aliases: ['mona@acme.io'],
      account: { role: 'ADMIN', mfaEnabled: true, lastActiveAt: null, login: 'octocat' },
      unmanaged: null,
    });
    const batch = toAccountBatch(t, items.length);
    expect({ ...batch, rows: batch.rows.map((r) => [r.email, r.aliases, r.account.role, r.account.login, r.unmanaged]) }).toEqual({
      rows: [
        ['mona.lisa@acme.com', ['mona@acme.io'], 'ADMIN', 'octocat', null],
        [null, [], 'MEMBER', 'hubot', 'EMAIL_HIDDEN'],
        [null, [], 'GUEST', 'contractor-jo', 'EMAIL_HIDDEN'],
      ],
      seen: 4,
      persons: 3,
      botsSkipped: 0,
      noEmailSkipped: 0,
      invalidSkipped: 1,
      removed: [],
    });
  });

  test('the digest moves with any stored fact (2FA turned off) and not otherwise', () => {
    const hash = (edge: unknown) => toAccountBatch(transformItems([{ member: edge }]), 1).rows[0].hash;
    expect(hash(owner)).toBe(hash(owner));
    expect(hash({ ...owner, hasTwoFactorEnabled: false })).not.toBe(hash(owner));
  });

  test('an unknown role reads as MEMBER, a malformed 2FA as unknown', () => {
    expect(memberAccount({ ...owner, role: 'BILLING_MANAGER', hasTwoFactorEnabled: 'yes' })).toMatchObject({
      role: 'MEMBER',
      mfaEnabled: null,
    });
  });
});
