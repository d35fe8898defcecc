import { createHash } from 'node:crypto';

/** What a member may be (users.list's flags, sheet §3). */
export type SeedRole = 'primary_owner' | 'owner' | 'admin' | 'member' | 'guest' | 'single_channel_guest';

/** A member described by a test or the demo; everything else is made up in Slack's shape. */
export interface MemberSeed {
  id?: string;
  /** The legacy handle; from the address or the name when unset. */
  handle?: string;
  realName?: string;
  /** null: no address (a bot, a stranger). */
  email?: string | null;
  role?: SeedRole;
  /** `has_2fa`; left out when unset (Slack shows it to admins only). */
  has2fa?: boolean;
  /** Deactivated: listed with the reduced shape measured in sheet §3. */
  deleted?: boolean;
  bot?: boolean;
  invited?: boolean;
  /** A Slack Connect external from another workspace: `is_stranger`, that team's id, no address. */
  strangerTeamId?: string;
  title?: string;
}

/** A member as users.list answers it. */
export type SlackMemberJson = Record<string, unknown> & { id: string; team_id: string; deleted: boolean; profile: Record<string, unknown> };

const userId = (teamId: string, i: number) => `U${createHash('sha1').update(`${teamId}:${i}`).digest('hex').slice(0, 10).toUpperCase()}`;

/** A full member object (java-slack-sdk's sample shape); a deactivated one keeps only what Slack keeps. */
export function makeMember(teamId: string, seed: MemberSeed, i: number, now = Math.floor(Date.now() / 1000)): SlackMemberJson {
  const id = seed.id ?? userId(teamId, i);
  const handle = seed.handle ?? (seed.email ? seed.email.split('@')[0] : (seed.realName ?? id).toLowerCase().replace(/\W+/g, '.'));
  const realName = seed.realName ?? handle;
  const home = seed.strangerTeamId ?? teamId;
  const email = seed.strangerTeamId || seed.bot ? undefined : (seed.email ?? undefined);
  const profile: Record<string, unknown> = {
    title: seed.title ?? '',
    phone: '',
    real_name: realName,
    real_name_normalized: realName,
    display_name: handle,
    display_name_normalized: handle,
    status_text: '',
    status_emoji: '',
    avatar_hash: id.slice(1, 13).toLowerCase(),
    ...(email ? { email } : {}),
    image_24: `https://avatars.slack-edge.com/standin/${id}_24.png`,
    image_72: `https://avatars.slack-edge.com/standin/${id}_72.png`,
    image_192: `https://avatars.slack-edge.com/standin/${id}_192.png`,
    team: home,
    ...(seed.bot ? { bot_id: `B${id.slice(1)}`, always_active: false } : {}),
  };
  if (seed.deleted)
    return { id, team_id: home, name: handle, deleted: true, is_bot: seed.bot ?? false, is_app_user: false, updated: now, profile };
  const role = seed.role ?? 'member';
  return {
    id,
    team_id: home,
    name: handle,
    deleted: false,
    color: '9f69e7',
    real_name: realName,
    tz: 'Europe/London',
    tz_label: 'Greenwich Mean Time',
    tz_offset: 0,
    profile,
    is_admin: role === 'primary_owner' || role === 'owner' || role === 'admin',
    is_owner: role === 'primary_owner' || role === 'owner',
    is_primary_owner: role === 'primary_owner',
    is_restricted: role === 'guest' || role === 'single_channel_guest',
    is_ultra_restricted: role === 'single_channel_guest',
    is_bot: seed.bot ?? false,
    is_app_user: false,
    updated: now,
    is_email_confirmed: Boolean(email),
    who_can_share_contact_card: 'EVERYONE',
    ...(seed.invited ? { is_invited_user: true } : {}),
    ...(seed.strangerTeamId ? { is_stranger: true } : {}),
    ...(seed.has2fa === undefined ? {} : { has_2fa: seed.has2fa }),
  };
}

/** Slackbot as users.list lists it: a bot in all but `is_bot` (sheet §3). */
export function slackbot(teamId: string): SlackMemberJson {
  const m = makeMember(teamId, { id: 'USLACKBOT', handle: 'slackbot', realName: 'Slackbot' }, 0);
  return { ...m, is_bot: false, profile: { ...m.profile, always_active: true } };
}
