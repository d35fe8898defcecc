import { z } from 'zod';
import { isUsableEmail, normaliseEmail, safeHttpUrl } from '../../identity/email';
import type { Person, Transformed, UnmanagedReason } from '../connector';

/** What a member may do in the workspace (issue 21's AccountRole, without UNKNOWN: Slack always says). */
export type SlackRole = 'OWNER' | 'ADMIN' | 'MEMBER' | 'GUEST';

/** A workspace member as this connector reads it; `toTransformed` maps it onto the contract (ADR 0019). */
export interface SlackMember {
  /** Slack's user id (`U…`, `W…` on Enterprise Grid). */
  externalId: string;
  /** The member's home workspace; another than the app's for a Slack Connect stranger. */
  teamId: string | null;
  /** The legacy handle (`name`). */
  handle: string | null;
  name: string | null;
  /** Normalised; null when Slack gave no usable address. */
  email: string | null;
  emailRaw: string | null;
  avatarUrl: string | null;
  /** Highest flag first: primary owner and owners, then admins, then guests (sheet §3). */
  role: SlackRole;
  primaryOwner: boolean;
  /** `is_restricted` alone: a multi-channel guest; with `is_ultra_restricted`: a single-channel guest. */
  guest: 'MULTI_CHANNEL' | 'SINGLE_CHANNEL' | null;
  /** `has_2fa`; null when absent (Slack shows it to admins only, and never for deactivated members). */
  mfaEnabled: boolean | null;
  /** Always null: users.list gives no activity (`updated` is the profile's last change), team.billableInfo needs an admin scope. */
  lastActiveAt: string | null;
  /** Deactivated (`deleted: true`): the member left. */
  deleted: boolean;
  /** Invited, not yet signed in. */
  invited: boolean;
  /** A Slack Connect external (`is_stranger`, or another workspace's team id). */
  stranger: boolean;
  /** Set for a current member with no usable address: an account that belongs to no known person. */
  unmanaged: Extract<UnmanagedReason, 'NO_EMAIL'> | null;
}

/** One users.list page (or several) as members and what was skipped. */
export interface SlackRead {
  members: SlackMember[];
  seen: number;
  /** Bots, the app's own bot user and Slackbot (`USLACKBOT`, whose `is_bot` is false). */
  botsSkipped: number;
  /** Entries without an id. */
  invalidSkipped: number;
}

const MAX_NAME = 512;
const flag = z.boolean().optional().catch(undefined);
const text = z.string().max(2048).optional().catch(undefined);
const rawMember = z.object({
  id: z.string().min(1).max(64),
  team_id: text,
  name: text,
  real_name: text,
  deleted: flag,
  is_bot: flag,
  is_admin: flag,
  is_owner: flag,
  is_primary_owner: flag,
  is_restricted: flag,
  is_ultra_restricted: flag,
  is_invited_user: flag,
  is_stranger: flag,
  has_2fa: flag,
  profile: z
    .object({ email: text, real_name: text, display_name: text, image_72: text, bot_id: text })
    .passthrough()
    .optional()
    .catch(undefined),
});

/** Slackbot: a bot in all but its `is_bot` flag (sheet §3). */
export const SLACKBOT = 'USLACKBOT';

type Raw = z.infer<typeof rawMember>;

const roleOf = (m: Raw): SlackRole =>
  m.is_primary_owner || m.is_owner ? 'OWNER' : m.is_admin ? 'ADMIN' : m.is_restricted || m.is_ultra_restricted ? 'GUEST' : 'MEMBER';

const firstText = (...values: (string | undefined)[]) => values.map((v) => v?.trim()).find((v) => v) ?? null;

/**
 * Pure: raw users.list members in, SlackMembers out. `teamId` is the app's workspace (a member of another is a
 * stranger). Without `users:read.email` Slack leaves every address out, so every current member is unmanaged.
 */
export function transformMembers(raw: readonly unknown[], teamId: string | null): SlackRead {
  const out: SlackRead = { members: [], seen: raw.length, botsSkipped: 0, invalidSkipped: 0 };
  for (const entry of raw) {
    const parsed = rawMember.safeParse(entry);
    if (!parsed.success) {
      out.invalidSkipped++;
      continue;
    }
    const m = parsed.data;
    if (m.is_bot || m.id === SLACKBOT || m.profile?.bot_id) {
      out.botsSkipped++;
      continue;
    }
    const normalised = m.profile?.email ? normaliseEmail(m.profile.email) : '';
    const email = isUsableEmail(normalised) ? normalised : null;
    const deleted = m.deleted === true;
    out.members.push({
      externalId: m.id,
      teamId: m.team_id ?? null,
      handle: m.name ?? null,
      name: firstText(m.profile?.real_name, m.real_name, m.profile?.display_name, m.name)?.slice(0, MAX_NAME) ?? null,
      email,
      emailRaw: email ? (m.profile?.email ?? null) : null,
      avatarUrl: safeHttpUrl(m.profile?.image_72),
      role: roleOf(m),
      primaryOwner: m.is_primary_owner === true,
      guest: m.is_ultra_restricted ? 'SINGLE_CHANNEL' : m.is_restricted ? 'MULTI_CHANNEL' : null,
      mfaEnabled: m.has_2fa ?? null,
      lastActiveAt: null,
      deleted,
      invited: m.is_invited_user === true,
      stranger: m.is_stranger === true || (teamId !== null && m.team_id !== undefined && m.team_id !== teamId),
      unmanaged: !deleted && !email ? 'NO_EMAIL' : null,
    });
  }
  return out;
}

/**
 * The contract's people (ADR 0019): a current member is a Person with its role, MFA and handle; one without an
 * address is kept as an unmanaged account (NO_EMAIL) while the grant can read addresses (`emailScope`), and is
 * skipped and counted otherwise, so a grant without `users:read.email` moves nobody off their person and the core
 * marks the connection NO_EMAIL. A deactivated member is no Person: the core ends their membership as a leaver.
 */
export function toTransformed(read: SlackRead, emailScope = true): Transformed {
  const people: Person[] = read.members
    .filter((m) => !m.deleted)
    .map((m) => ({
      externalId: m.externalId,
      email: m.emailRaw,
      name: m.name,
      avatarUrl: m.avatarUrl,
      attributes: {
        primaryOwner: m.primaryOwner,
        guestKind: m.guest,
        invited: m.invited,
        stranger: m.stranger,
        teamId: m.teamId,
        handle: m.handle,
      },
      account: { role: m.role, mfaEnabled: m.mfaEnabled, lastActiveAt: m.lastActiveAt, login: m.handle },
      unmanaged: emailScope ? m.unmanaged : null,
    }));
  return { people, botsSkipped: read.botsSkipped, invalidSkipped: read.invalidSkipped };
}
