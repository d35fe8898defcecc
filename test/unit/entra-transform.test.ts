import { transformUsers } from '../../src/connectors/microsoft-entra-id/transform';
import { toAccountBatch } from '../../src/identity/account-rows';

/** A user as `/v1.0/users` returns it with the connector's `$select` (graph-docs user-list.md). */
const entraUser = (over: Record<string, unknown> = {}) => ({
  id: '87D349ED-44D7-43E1-9A83-5F2406DEE5BD',
  displayName: 'Ada Lovelace',
  mail: 'Ada.Lovelace@Contoso.com',
  userPrincipalName: 'ada@contoso.onmicrosoft.com',
  otherMails: ['ada.personal@contoso.com'],
  proxyAddresses: [
    'SMTP:Ada.Lovelace@Contoso.com',
    'smtp:ada@contoso.com',
    'smtp: a.l@eu.contoso.com',
    'X500:/o=ExchangeLabs/cn=ada',
    'SIP:ada@contoso.com',
  ],
  accountEnabled: true,
  userType: 'Member',
  department: ' Engineering ',
  createdDateTime: '2021-03-04T10:00:00Z',
  signInActivity: { lastSignInDateTime: '2026-11-20T08:15:00Z', lastNonInteractiveSignInDateTime: null },
  ...over,
});

describe('Entra transformUsers, then the core normalisation', () => {
  it('turns a realistic page (member, disabled, guest, no mail, removed) into people with typed facts', () => {
    const items = [
      entraUser(),
      entraUser({
        id: '2',
        mail: 'sam@contoso.com',
        userPrincipalName: 'sam@contoso.com',
        proxyAddresses: [],
        otherMails: [],
        accountEnabled: false,
      }),
      entraUser({
        id: '3',
        mail: 'jo@fabrikam.com',
        userPrincipalName: 'jo_fabrikam.com#EXT#@contoso.onmicrosoft.com',
        userType: 'Guest',
        proxyAddresses: [],
        otherMails: ['jo@fabrikam.com'],
      }),
      entraUser({ id: '4', mail: null, userPrincipalName: 'nomail@contoso.com', proxyAddresses: [], otherMails: [] }),
      entraUser({
        id: '5',
        mail: null,
        userPrincipalName: 'x_y.com#EXT#@contoso.onmicrosoft.com',
        userType: 'Guest',
        proxyAddresses: [],
        otherMails: [],
      }),
      { id: 'GONE-1', '@removed': { reason: 'deleted' } },
      { displayName: 'no id' },
    ];
    const t = transformUsers(items, new Set(['87d349ed-44d7-43e1-9a83-5f2406dee5bd']), true);
    expect(t.removed).toEqual(['gone-1']);
    const batch = toAccountBatch(t, items.length);
    expect(batch).toMatchObject({ persons: 5, noEmailSkipped: 1, invalidSkipped: 1, removed: ['gone-1'] });
    expect(batch.rows.map((r) => [r.externalId, r.email, r.aliases, r.directory])).toEqual([
      [
        '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
        'ada.lovelace@contoso.com',
        ['a.l@eu.contoso.com', 'ada.personal@contoso.com', 'ada@contoso.com', 'ada@contoso.onmicrosoft.com'],
        { status: 'ACTIVE', guest: false, admin: true, department: 'Engineering', lastSignInAt: '2026-11-20T08:15:00.000Z' },
      ],
      [
        '2',
        'sam@contoso.com',
        [],
        { status: 'SUSPENDED', guest: false, admin: false, department: 'Engineering', lastSignInAt: '2026-11-20T08:15:00.000Z' },
      ],
      [
        '3',
        'jo@fabrikam.com',
        [],
        { status: 'ACTIVE', guest: true, admin: false, department: 'Engineering', lastSignInAt: '2026-11-20T08:15:00.000Z' },
      ],
      [
        '4',
        'nomail@contoso.com',
        [],
        { status: 'ACTIVE', guest: false, admin: false, department: 'Engineering', lastSignInAt: '2026-11-20T08:15:00.000Z' },
      ],
    ]);
  });

  it('leaves last sign-in empty when it was not read, and admins false when roles could not be read', () => {
    const [p] = transformUsers([entraUser()], null, false).people;
    expect(p.directory).toMatchObject({ admin: false, lastSignInAt: null });
  });
});
