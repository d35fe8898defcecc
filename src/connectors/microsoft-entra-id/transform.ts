import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isUsableEmail, normaliseEmail } from '../../identity/email';
import type { AccountBatch, AccountRow, Attributes } from '../connector';

const MAX_NAME = 512;
const MAX_ALIASES = 100;

const strings = z.array(z.unknown()).nullish().catch(null);
const text = (max: number) => z.string().max(max).nullish().catch(null);
const rawUser = z.object({
  id: z.string().min(1).max(128),
  displayName: text(MAX_NAME * 2),
  mail: text(1024),
  userPrincipalName: text(1024),
  otherMails: strings,
  proxyAddresses: strings,
  accountEnabled: z.boolean().nullish().catch(null),
  userType: text(64),
  department: text(2048),
  createdDateTime: z.unknown().optional(),
  signInActivity: z.object({ lastSignInDateTime: z.unknown().optional() }).passthrough().nullish().catch(null),
});

/** A guest's UPN (`jo_fabrikam.com#EXT#@acme.onmicrosoft.com`) is no address of theirs (sheet §3). */
const isGuestUpn = (upn: string) => upn.toUpperCase().includes('#EXT#');

/** An ISO time, or null when absent or unparsable. */
function time(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const ms = Date.parse(raw);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
}

const usable = (raw: unknown): string | null => {
  if (typeof raw !== 'string') return null;
  const e = normaliseEmail(raw);
  return isUsableEmail(e) ? e : null;
};

/**
 * A user's address: `mail`, else the UPN when it is not a guest's `#EXT#` one. Null: a person with no address
 * (counted, not loaded).
 */
export function primaryAddress(u: { mail?: string | null; userPrincipalName?: string | null }): { email: string; raw: string } | null {
  const mail = usable(u.mail);
  if (mail && u.mail) return { email: mail, raw: u.mail };
  const upn = u.userPrincipalName && !isGuestUpn(u.userPrincipalName) ? usable(u.userPrincipalName) : null;
  return upn && u.userPrincipalName ? { email: upn, raw: u.userPrincipalName } : null;
}

/**
 * The other addresses a user owns: `proxyAddresses`' SMTP entries (the prefix cut, either case, a space after the
 * colon allowed), `otherMails`, and a member's UPN when it is an address other than the primary; never a
 * `#EXT#` UPN. Normalised, deduped, sorted, minus the primary.
 */
export function aliasesOf(
  primary: string,
  u: { proxyAddresses?: unknown[] | null; otherMails?: unknown[] | null; userPrincipalName?: string | null },
): string[] {
  const out = new Set<string>();
  for (const p of u.proxyAddresses ?? []) {
    const m = typeof p === 'string' ? /^smtp:\s*(.+)$/i.exec(p.trim()) : null;
    const e = m ? usable(m[1]) : null;
    if (e) out.add(e);
  }
  for (const o of u.otherMails ?? []) {
    const e = usable(o);
    if (e) out.add(e);
  }
  if (u.userPrincipalName && !isGuestUpn(u.userPrincipalName)) {
    const e = usable(u.userPrincipalName);
    if (e) out.add(e);
  }
  out.delete(primary);
  return [...out].sort().slice(0, MAX_ALIASES);
}

/**
 * Pure: raw `/users` entries in, account rows out. Every Entra user is a person (`/users` lists no service
 * principals). A user with no usable address is counted in `noEmailSkipped`; an entry without an id is invalid.
 * `admins` are the Global Administrators' object ids (null: unknown); `signIn` whether sign-in activity was read.
 */
export function transformUsers(users: readonly unknown[], admins: ReadonlySet<string> | null, signIn: boolean): AccountBatch {
  const out: AccountBatch = {
    rows: [],
    seen: users.length - removedOf(users).length,
    persons: 0,
    botsSkipped: 0,
    noEmailSkipped: 0,
    invalidSkipped: 0,
  };
  for (const raw of users) {
    if (isRemoval(raw)) continue;
    const parsed = rawUser.safeParse(raw);
    if (!parsed.success) {
      out.invalidSkipped++;
      continue;
    }
    out.persons++;
    const u = parsed.data;
    const address = primaryAddress(u);
    if (!address) {
      out.noEmailSkipped++;
      continue;
    }
    const guest = u.userType?.toLowerCase() === 'guest' || (u.userPrincipalName ? isGuestUpn(u.userPrincipalName) : false);
    const attributes: Attributes = {
      suspended: u.accountEnabled === false,
      archived: false,
      guest,
      isAdmin: admins ? admins.has(u.id) : false,
      orgUnitPath: u.department?.trim() ? u.department.trim() : null,
      lastLoginAt: signIn ? time(u.signInActivity?.lastSignInDateTime) : null,
      createdAt: time(u.createdDateTime),
      userPrincipalName: u.userPrincipalName ?? null,
    };
    const row = {
      externalId: u.id.toLowerCase(),
      email: address.email,
      emailRaw: address.raw,
      name: u.displayName?.trim() ? u.displayName.trim().slice(0, MAX_NAME) : null,
      avatarUrl: null,
      attributes,
      aliases: aliasesOf(address.email, u),
    };
    out.rows.push({ ...row, hash: digest(row) });
  }
  return out;
}

const isRemoval = (raw: unknown): raw is { id: string } =>
  typeof raw === 'object' && raw !== null && '@removed' in raw && typeof (raw as { id?: unknown }).id === 'string';

/** The object ids a delta page says left the directory (`{id, "@removed": {reason}}`, sheet §4), lower-cased. */
export function removedOf(items: readonly unknown[]): string[] {
  return items.filter(isRemoval).map((r) => r.id.toLowerCase());
}

/** A short stable digest of an account's stored fields (attributes in key order). */
function digest(row: Omit<AccountRow, 'hash'>): string {
  const attributes = Object.keys(row.attributes)
    .sort()
    .map((k) => [k, row.attributes[k]]);
  return createHash('sha1')
    .update(JSON.stringify([row.externalId, row.email, row.emailRaw, row.name, row.aliases, attributes]))
    .digest('base64url');
}
