import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isUsableEmail, normaliseEmail, safeHttpUrl } from '../../identity/email';
import type { AccountBatch, AccountRow, Attributes } from '../connector';

const MAX_NAME = 512;
const MAX_ALIASES = 100;

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

/** A user's other addresses (aliases and non-editable aliases), normalised, usable, deduped, sorted, minus the primary. */
function aliasesOf(primary: string, lists: (unknown[] | undefined)[]): string[] {
  const out = new Set<string>();
  for (const list of lists)
    for (const a of list ?? []) if (typeof a === 'string' && isUsableEmail(normaliseEmail(a))) out.add(normaliseEmail(a));
  out.delete(primary);
  return [...out].sort().slice(0, MAX_ALIASES);
}

/**
 * Pure: raw `users.list` entries in, account rows out. Every directory user is a person (users.list lists no
 * service accounts); an entry without an id or a usable primary email is counted as invalid rather than
 * failing the run.
 */
export function transformUsers(users: readonly unknown[]): AccountBatch {
  const out: AccountBatch = { rows: [], seen: users.length, persons: 0, botsSkipped: 0, noEmailSkipped: 0, invalidSkipped: 0 };
  for (const raw of users) {
    const parsed = rawUser.safeParse(raw);
    const email = parsed.success ? normaliseEmail(parsed.data.primaryEmail) : '';
    if (!parsed.success || !isUsableEmail(email)) {
      out.invalidSkipped++;
      continue;
    }
    out.persons++;
    const u = parsed.data;
    const name = u.name?.fullName?.trim() ? u.name.fullName.trim().slice(0, MAX_NAME) : null;
    const attributes: Attributes = {
      suspended: u.suspended ?? false,
      archived: u.archived ?? false,
      isAdmin: u.isAdmin ?? false,
      orgUnitPath: u.orgUnitPath ?? null,
      lastLoginAt: directoryTime(u.lastLoginTime),
      createdAt: directoryTime(u.creationTime),
      customerId: u.customerId ?? null,
    };
    const row = {
      externalId: u.id,
      email,
      emailRaw: u.primaryEmail,
      name,
      avatarUrl: safeHttpUrl(u.thumbnailPhotoUrl),
      attributes,
      aliases: aliasesOf(email, [u.aliases, u.nonEditableAliases]),
    };
    out.rows.push({ ...row, hash: rowHash(row) });
  }
  return out;
}

/** A short stable digest of an account's stored fields (attributes in key order). */
export function rowHash(row: Omit<AccountRow, 'hash'>): string {
  const attributes = Object.keys(row.attributes)
    .sort()
    .map((k) => [k, row.attributes[k]]);
  return createHash('sha1')
    .update(JSON.stringify([row.externalId, row.email, row.emailRaw, row.name, row.avatarUrl, row.aliases, attributes]))
    .digest('base64url');
}
