import { type SlackMember, toTransformed, transformMembers } from '../../src/connectors/slack/transform';

const TEAM = 'T0G9PQBBK';

/** A full member as users.list returns it (java-slack-sdk's json-logs sample shape, docs' user object). */
const member = (over: Record<string, unknown> = {}, profile: Record<string, unknown> = {}) => ({
  id: 'W012A3CDE',
  team_id: TEAM,
  name: 'spengler',
  deleted: false,
  color: '9f69e7',
  real_name: 'Egon Spengler',
  tz: 'America/Los_Angeles',
  tz_label: 'Pacific Daylight Time',
  tz_offset: -25200,
  profile: {
    avatar_hash: 'ge3b51ca72de',
    status_text: 'Print is dead',
    status_emoji: ':books:',
    real_name: 'Egon Spengler',
    display_name: 'spengler',
    real_name_normalized: 'Egon Spengler',
    display_name_normalized: 'spengler',
    email: 'Spengler@GhostBusters.example.com',
    image_24: 'https://avatars.slack-edge.com/2026-01-01/spengler_24.jpg',
    image_72: 'https://avatars.slack-edge.com/2026-01-01/spengler_72.jpg',
    image_192: 'https://avatars.slack-edge.com/2026-01-01/spengler_192.jpg',
    team: TEAM,
    ...profile,
  },
  is_admin: false,
  is_owner: false,
  is_primary_owner: false,
  is_restricted: false,
  is_ultra_restricted: false,
  is_bot: false,
  is_app_user: false,
  updated: 1764000000,
  has_2fa: true,
  ...over,
});

/** The reduced shape of a deactivated member (sheet §3: brekkylab/backlot#258): no role, guest or 2FA keys. */
const deactivated = {
  id: 'U0DEACT01',
  name: 'venkman',
  team_id: TEAM,
  deleted: true,
  is_bot: false,
  is_app_user: false,
  updated: 1764100000,
  profile: { real_name: 'Peter Venkman', display_name: 'venkman', email: 'venkman@ghostbusters.example.com', team: TEAM },
};

const slackbot = member(
  { id: 'USLACKBOT', name: 'slackbot', real_name: 'Slackbot', is_bot: false, has_2fa: undefined },
  { email: undefined, always_active: true },
);
const appBot = member(
  { id: 'U0LAYERBOT', name: 'layer', real_name: 'Layer', is_bot: true, has_2fa: undefined },
  { email: undefined, bot_id: 'B0LAYER' },
);

const base: SlackMember = {
  externalId: 'W012A3CDE',
  teamId: TEAM,
  handle: 'spengler',
  name: 'Egon Spengler',
  email: 'spengler@ghostbusters.example.com',
  emailRaw: 'Spengler@GhostBusters.example.com',
  avatarUrl: 'https://avatars.slack-edge.com/2026-01-01/spengler_72.jpg',
  role: 'MEMBER',
  primaryOwner: false,
  guest: null,
  mfaEnabled: true,
  lastActiveAt: null,
  deleted: false,
  invited: false,
  stranger: false,
  unmanaged: null,
};

describe('transformMembers', () => {
  it('reads roles highest flag first, guests of both kinds, 2FA, leavers, strangers and skips bots and Slackbot', () => {
    const page = [
      member({ id: 'U0PRIMARY', is_primary_owner: true, is_owner: true, is_admin: true }),
      member({ id: 'U0OWNER01', is_owner: true, is_admin: true, has_2fa: false }),
      member({ id: 'U0ADMIN01', is_admin: true, has_2fa: undefined }),
      member({ id: 'U0GUEST01', is_restricted: true }),
      member({ id: 'U0SINGLE1', is_restricted: true, is_ultra_restricted: true, is_invited_user: true }),
      deactivated,
      member({ id: 'U0STRANGE', team_id: 'T0OTHER01', is_stranger: true }, { email: undefined, team: 'T0OTHER01' }),
      member({ id: 'U0NOMAIL1' }, { email: undefined }),
      slackbot,
      appBot,
      { name: 'no id at all' },
    ];
    const read = transformMembers(page, TEAM);
    expect(read).toEqual({
      seen: 11,
      botsSkipped: 2,
      invalidSkipped: 1,
      members: [
        { ...base, externalId: 'U0PRIMARY', role: 'OWNER', primaryOwner: true },
        { ...base, externalId: 'U0OWNER01', role: 'OWNER', mfaEnabled: false },
        { ...base, externalId: 'U0ADMIN01', role: 'ADMIN', mfaEnabled: null },
        { ...base, externalId: 'U0GUEST01', role: 'GUEST', guest: 'MULTI_CHANNEL' },
        { ...base, externalId: 'U0SINGLE1', role: 'GUEST', guest: 'SINGLE_CHANNEL', invited: true },
        {
          ...base,
          externalId: 'U0DEACT01',
          handle: 'venkman',
          name: 'Peter Venkman',
          email: 'venkman@ghostbusters.example.com',
          emailRaw: 'venkman@ghostbusters.example.com',
          avatarUrl: null,
          mfaEnabled: null,
          deleted: true,
        },
        { ...base, externalId: 'U0STRANGE', teamId: 'T0OTHER01', email: null, emailRaw: null, stranger: true, unmanaged: 'NO_EMAIL' },
        { ...base, externalId: 'U0NOMAIL1', email: null, emailRaw: null, unmanaged: 'NO_EMAIL' },
      ],
    });
  });

  it('treats an unusable address as none, and falls back from the profile name to the handle', () => {
    const read = transformMembers([member({ real_name: '' }, { email: 'not-an-address', real_name: ' ', display_name: '' })], TEAM);
    expect(read.members).toEqual([{ ...base, name: 'spengler', email: null, emailRaw: null, unmanaged: 'NO_EMAIL' }]);
  });
});

describe('toTransformed (the contract of ADR 0019)', () => {
  it('makes current members people with role, MFA and handle as account facts; no address: unmanaged; leavers are no people; bots are counted', () => {
    const read = transformMembers(
      [
        member({ id: 'U0OWNER01', is_owner: true, is_admin: true }),
        member({ id: 'U0SINGLE1', is_restricted: true, is_ultra_restricted: true, has_2fa: undefined }),
        deactivated,
        member({ id: 'U0NOMAIL1' }, { email: undefined }),
        slackbot,
      ],
      TEAM,
    );
    const person = {
      name: 'Egon Spengler',
      email: 'Spengler@GhostBusters.example.com',
      avatarUrl: 'https://avatars.slack-edge.com/2026-01-01/spengler_72.jpg',
    };
    const attributes = { primaryOwner: false, invited: false, stranger: false, teamId: TEAM, handle: 'spengler' };
    const account = (role: string, mfaEnabled: boolean | null) => ({ role, mfaEnabled, lastActiveAt: null, login: 'spengler' });
    expect(toTransformed(read)).toEqual({
      botsSkipped: 1,
      invalidSkipped: 0,
      people: [
        {
          ...person,
          externalId: 'U0OWNER01',
          attributes: { ...attributes, guestKind: null },
          account: account('OWNER', true),
          unmanaged: null,
        },
        {
          ...person,
          externalId: 'U0SINGLE1',
          attributes: { ...attributes, guestKind: 'SINGLE_CHANNEL' },
          account: account('GUEST', null),
          unmanaged: null,
        },
        {
          ...person,
          externalId: 'U0NOMAIL1',
          email: null,
          attributes: { ...attributes, guestKind: null },
          account: account('MEMBER', true),
          unmanaged: 'NO_EMAIL',
        },
      ],
    });
    // Without users:read.email nobody is unmanaged: the core skips and counts them, and says NO_EMAIL.
    expect(toTransformed(read, false).people.map((p) => p.unmanaged)).toEqual([null, null, null]);
  });
});
