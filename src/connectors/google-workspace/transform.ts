import { z } from 'zod';
import { safeHttpUrl } from '../../identity/email';
import type { AccountFacts, DirectoryFacts, Person, Transformed } from '../connector';

const MAX_NAME = 512;

const strings = z.array(z.unknown()).optional().catch(undefined);
const rawUser = z.object({
  id: z.string().min(1).max(128),
  primaryEmail: z.string().max(1024),
  name: z.object({ fullName: z.string().nullish() }).passthrough().nullish().catch(null),
  aliases: strings,
  nonEditableAliases: strings,
  suspended: z.boolean().optional().catch(undefined),
  archived: z.boolean().optional().catch(undefined),
  isAdmin: z.boolean().optional().catch(undefined),
  isEnrolledIn2Sv: z.boolean().optional().catch(undefined),
  orgUnitPath: z.string().max(2048).optional().catch(undefined),
  lastLoginTime: z.unknown().optional(),
  creationTime: z.unknown().optional(),
  thumbnailPhotoUrl: z.unknown().optional(),
  customerId: z.string().max(128).optional().catch(undefined),
});

/** An RFC 3339 time as ISO, or null when absent, unparsable, or the epoch Google may send for "never" (sheet §3). */
export function directoryTime(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const ms = Date.parse(raw);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
}

const strs = (list: unknown[] | undefined): string[] => (list ?? []).filter((a): a is string => typeof a === 'string');

/** Google's user as the contract's typed facts: archived outranks suspended (an archived user is also blocked). */
function factsOf(u: z.infer<typeof rawUser>): DirectoryFacts {
  return {
    status: u.archived ? 'ARCHIVED' : u.suspended ? 'SUSPENDED' : 'ACTIVE',
    guest: false, // a Workspace directory has no guests: outsiders are not users of it
    admin: u.isAdmin ?? false,
    department: u.orgUnitPath ?? null,
    lastSignInAt: directoryTime(u.lastLoginTime),
  };
}

/** The account facts every source gives (ADR 0019): a directory admin is ADMIN; 2-Step Verification when listed. */
const accountOf = (u: z.infer<typeof rawUser>): AccountFacts => ({
  role: u.isAdmin ? 'ADMIN' : 'MEMBER',
  mfaEnabled: u.isEnrolledIn2Sv ?? null,
  lastActiveAt: directoryTime(u.lastLoginTime),
});

/**
 * Pure: raw `users.list` entries in, people out. Every directory user is a person (users.list lists no service
 * accounts); an entry without an id is counted as invalid rather than failing the run. The core normalises the
 * addresses (a primary it cannot use counts as invalid too).
 */
export function transformUsers(users: readonly unknown[]): Transformed {
  const out: Transformed = { people: [], botsSkipped: 0, invalidSkipped: 0 };
  for (const raw of users) {
    const parsed = rawUser.safeParse(raw);
    if (!parsed.success) {
      out.invalidSkipped++;
      continue;
    }
    const u = parsed.data;
    const person: Person = {
      externalId: u.id,
      email: u.primaryEmail,
      name: u.name?.fullName?.trim() ? u.name.fullName.trim().slice(0, MAX_NAME) : null,
      avatarUrl: safeHttpUrl(u.thumbnailPhotoUrl),
      attributes: { createdAt: directoryTime(u.creationTime), customerId: u.customerId ?? null },
      aliases: [...strs(u.aliases), ...strs(u.nonEditableAliases)],
      directory: factsOf(u),
      account: accountOf(u),
    };
    out.people.push(person);
  }
  return out;
}
