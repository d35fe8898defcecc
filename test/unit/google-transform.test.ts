import { directoryTime, transformUsers as transform } from '../../src/connectors/google-workspace/transform';
import { toAccountBatch } from '../../src/identity/account-rows';

/** The connector's transform, then the core's normalisation and digest: what the write path receives. */
const transformUsers = (users: unknown[]) => toAccountBatch(transform(users), users.length);

/** A user as users.list returns it with projection=basic (discovery schema User). */
const googleUser = (over: Record<string, unknown> = {}) => ({
  kind: 'admin#directory#user',
  id: '114370124501236456789',
  etag: '"nZ7Qx0b8n1m7AHUg1mLsgzIYk1tA/abc"',
  primaryEmail: 'Ada.Lovelace@Acme.example.com',
  name: { givenName: 'Ada', familyName: 'Lovelace', fullName: 'Ada Lovelace' },
  isAdmin: false,
  isDelegatedAdmin: false,
  lastLoginTime: '2026-11-20T08:15:00.000Z',
  creationTime: '2021-03-04T10:00:00.000Z',
  agreedToTerms: true,
  suspended: false,
  archived: false,
  changePasswordAtNextLogin: false,
  ipWhitelisted: false,
  emails: [{ address: 'Ada.Lovelace@Acme.example.com', primary: true }, { address: 'ada@acme.example.com' }],
  aliases: ['ada@acme.example.com', 'ADA@acme.example.com', 'Ada.Lovelace@acme.example.com'],
  nonEditableAliases: ['ada.lovelace@acme-corp.test-google-a.com'],
  customerId: 'C03az79cb',
  orgUnitPath: '/Engineering',
  isMailboxSetup: true,
  isEnrolledIn2Sv: true,
  isEnforcedIn2Sv: false,
  includeInGlobalAddressList: true,
  thumbnailPhotoUrl: 'https://lh3.googleusercontent.com/a-/AOh14Gj=s96-c',
  thumbnailPhotoEtag: '"nZ7Qx0b8n1m7AHUg1mLsgzIYk1tA/def"',
  ...over,
});

describe('transformUsers', () => {
  it('turns a realistic users.list page into account rows with aliases and directory attributes', () => {
    const suspended = googleUser({
      id: '100000000000000000002',
      primaryEmail: 'bob@acme.example.com',
      name: { givenName: 'Bob', familyName: 'Leaver', fullName: 'Bob Leaver' },
      suspended: true,
      suspensionReason: 'ADMIN',
      lastLoginTime: undefined,
      aliases: undefined,
      nonEditableAliases: undefined,
      thumbnailPhotoUrl: undefined,
      orgUnitPath: '/',
    });
    const archived = googleUser({
      id: '100000000000000000003',
      primaryEmail: 'Jose\u0301@acme.example.com',
      name: { fullName: '  ' },
      archived: true,
      isAdmin: true,
      lastLoginTime: '1970-01-01T00:00:00.000Z',
      aliases: [],
      nonEditableAliases: ['jos\u00e9@acme-corp.test-google-a.com'],
      thumbnailPhotoUrl: 'javascript:alert(1)',
    });
    expect(transformUsers([googleUser(), suspended, archived])).toEqual({
      rows: [
        {
          externalId: '114370124501236456789',
          email: 'ada.lovelace@acme.example.com',
          emailRaw: 'Ada.Lovelace@Acme.example.com',
          name: 'Ada Lovelace',
          avatarUrl: 'https://lh3.googleusercontent.com/a-/AOh14Gj=s96-c',
          aliases: ['ada.lovelace@acme-corp.test-google-a.com', 'ada@acme.example.com'],
          attributes: { createdAt: '2021-03-04T10:00:00.000Z', customerId: 'C03az79cb' },
          directory: { status: 'ACTIVE', guest: false, admin: false, department: '/Engineering', lastSignInAt: '2026-11-20T08:15:00.000Z' },
          account: { role: 'MEMBER', mfaEnabled: true, lastActiveAt: '2026-11-20T08:15:00.000Z', login: null },
          unmanaged: null,
          hash: expect.any(String),
        },
        {
          externalId: '100000000000000000002',
          email: 'bob@acme.example.com',
          emailRaw: 'bob@acme.example.com',
          name: 'Bob Leaver',
          avatarUrl: null,
          aliases: [],
          attributes: { createdAt: '2021-03-04T10:00:00.000Z', customerId: 'C03az79cb' },
          directory: { status: 'SUSPENDED', guest: false, admin: false, department: '/', lastSignInAt: null },
          account: { role: 'MEMBER', mfaEnabled: true, lastActiveAt: null, login: null },
          unmanaged: null,
          hash: expect.any(String),
        },
        {
          externalId: '100000000000000000003',
          email: 'jos\u00e9@acme.example.com',
          emailRaw: 'Jose\u0301@acme.example.com',
          name: null,
          avatarUrl: null,
          aliases: ['jos\u00e9@acme-corp.test-google-a.com'],
          attributes: { createdAt: '2021-03-04T10:00:00.000Z', customerId: 'C03az79cb' },
          directory: { status: 'ARCHIVED', guest: false, admin: true, department: '/Engineering', lastSignInAt: null },
          account: { role: 'ADMIN', mfaEnabled: true, lastActiveAt: null, login: null },
          unmanaged: null,
          hash: expect.any(String),
        },
      ],
      seen: 3,
      persons: 3,
      botsSkipped: 0,
      noEmailSkipped: 0,
      invalidSkipped: 0,
      removed: [],
    });
  });

  it('counts malformed entries as invalid and survives wrong types without throwing', () => {
    const out = transformUsers([
      googleUser({ id: undefined }),
      googleUser({ primaryEmail: 'not-an-email' }),
      googleUser({ primaryEmail: 42 }),
      null,
      'garbage',
      googleUser({
        id: 'u9',
        primaryEmail: 'eve@acme.example.com',
        name: 'Eve',
        aliases: 'eve2@acme.example.com',
        suspended: 'yes',
        lastLoginTime: 'soon',
        customerId: undefined,
        orgUnitPath: undefined,
      }),
    ]);
    expect(out).toEqual({
      rows: [
        {
          externalId: 'u9',
          email: 'eve@acme.example.com',
          emailRaw: 'eve@acme.example.com',
          name: null,
          avatarUrl: 'https://lh3.googleusercontent.com/a-/AOh14Gj=s96-c',
          aliases: ['ada.lovelace@acme-corp.test-google-a.com'],
          attributes: { createdAt: '2021-03-04T10:00:00.000Z', customerId: null },
          directory: { status: 'ACTIVE', guest: false, admin: false, department: null, lastSignInAt: null },
          account: { role: 'MEMBER', mfaEnabled: true, lastActiveAt: null, login: null },
          unmanaged: null,
          hash: expect.any(String),
        },
      ],
      seen: 6,
      // The entry whose address cannot key a person is a person all the same (the core counts it invalid).
      persons: 2,
      botsSkipped: 0,
      noEmailSkipped: 0,
      invalidSkipped: 5,
      removed: [],
    });
  });

  it('keeps the digest while stored fields stay the same (alias order, ignored fields) and changes it otherwise', () => {
    const hash = (over: Record<string, unknown>) => transformUsers([googleUser(over)]).rows[0].hash;
    const base = hash({});
    expect(hash({ etag: '"other"', aliases: ['Ada.Lovelace@acme.example.com', 'ada@acme.example.com'] })).toBe(base);
    const changed = [
      // 2-Step Verification is an account fact (ADR 0019): turning it off is a change.
      hash({ isEnrolledIn2Sv: false }),
      hash({ suspended: true }),
      hash({ aliases: [] }),
      hash({ orgUnitPath: '/Sales' }),
      hash({ primaryEmail: 'ada@acme.example.com' }),
      hash({ name: { fullName: 'Ada King' } }),
    ];
    expect(new Set([base, ...changed]).size).toBe(7);
    // The last sign-in is volatile: stored, never a change that rewrites the account (ADR 0016).
    expect(hash({ lastLoginTime: '2026-11-21T08:15:00.000Z' })).toBe(base);
  });

  it('reads directory times: absent, unparsable and the 1970 "never" as null', () => {
    expect([
      directoryTime(undefined),
      directoryTime('nope'),
      directoryTime('1970-01-01T00:00:00.000Z'),
      directoryTime('2026-01-02T03:04:05Z'),
    ]).toEqual([null, null, null, '2026-01-02T03:04:05.000Z']);
  });
});
