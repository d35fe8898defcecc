import { z } from 'zod';
import type { AccountFacts, DirectoryFacts, Person, Transformed } from '../connector';

const MAX_NAME = 512;

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
type RawUser = z.infer<typeof rawUser>;

/** A guest's UPN (`jo_fabrikam.com#EXT#@acme.onmicrosoft.com`) is no address of theirs (sheet §3). */
const isGuestUpn = (upn: string) => upn.toUpperCase().includes('#EXT#');

/** An ISO time, or null when absent or unparsable. */
function time(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const ms = Date.parse(raw);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
}

const present = (v: string | null | undefined): v is string => typeof v === 'string' && v.trim() !== '';

/** A user's address as spelled: `mail`, else the UPN when it is not a guest's `#EXT#` one; null when neither. */
export function primaryAddress(u: Pick<RawUser, 'mail' | 'userPrincipalName'>): string | null {
  if (present(u.mail)) return u.mail;
  return present(u.userPrincipalName) && !isGuestUpn(u.userPrincipalName) ? u.userPrincipalName : null;
}

/**
 * The other addresses a user owns, as spelled: `proxyAddresses`' SMTP entries (the prefix cut, either case, a space
 * after the colon allowed; X500: and SIP: entries are not addresses), `otherMails`, and a member's UPN; never a
 * `#EXT#` UPN. The core normalises, dedupes and drops the primary.
 */
export function aliasesOf(u: Pick<RawUser, 'proxyAddresses' | 'otherMails' | 'userPrincipalName'>): string[] {
  const out: string[] = [];
  for (const p of u.proxyAddresses ?? []) {
    const m = typeof p === 'string' ? /^smtp:\s*(.+)$/i.exec(p.trim()) : null;
    if (m) out.push(m[1]);
  }
  for (const o of u.otherMails ?? []) if (typeof o === 'string') out.push(o);
  if (present(u.userPrincipalName) && !isGuestUpn(u.userPrincipalName)) out.push(u.userPrincipalName);
  return out;
}

/** Entra's user as the contract's typed facts: a disabled account is SUSPENDED; a Guest is a guest. */
function factsOf(u: RawUser, admins: ReadonlySet<string> | null, signIn: boolean): DirectoryFacts {
  return {
    status: u.accountEnabled === false ? 'SUSPENDED' : 'ACTIVE',
    guest: u.userType?.toLowerCase() === 'guest' || (present(u.userPrincipalName) && isGuestUpn(u.userPrincipalName)),
    admin: admins?.has(u.id.toLowerCase()) ?? false,
    department: present(u.department) ? u.department.trim() : null,
    lastSignInAt: signIn ? time(u.signInActivity?.lastSignInDateTime) : null,
  };
}

/** The account facts (ADR 0019): a guest is GUEST; ADMIN or MEMBER only when the admins could be read; no MFA fact. */
function accountOf(facts: DirectoryFacts, admins: ReadonlySet<string> | null): AccountFacts {
  const role = facts.guest ? 'GUEST' : admins === null ? 'UNKNOWN' : facts.admin ? 'ADMIN' : 'MEMBER';
  return { role, mfaEnabled: null, lastActiveAt: facts.lastSignInAt };
}

const isRemoval = (raw: unknown): raw is { id: string } =>
  typeof raw === 'object' && raw !== null && '@removed' in raw && typeof (raw as { id?: unknown }).id === 'string';

/** The object ids a delta page says left the directory (`{id, "@removed": {reason}}`, sheet §4), lower-cased. */
export function removedOf(items: readonly unknown[]): string[] {
  return items.filter(isRemoval).map((r) => r.id.toLowerCase());
}

/**
 * Pure: raw `/users` (or `/users/delta`) entries in, people out. Every Entra user is a person (`/users` lists no
 * service principals); an entry without an id is invalid; a delta's `@removed` entries are removals. `admins` are
 * the Global Administrators' object ids, lower-cased (null: unknown); `signIn` whether sign-in activity was read.
 */
export function transformUsers(items: readonly unknown[], admins: ReadonlySet<string> | null, signIn: boolean): Transformed {
  const out: Transformed = { people: [], botsSkipped: 0, invalidSkipped: 0, removed: removedOf(items) };
  for (const raw of items) {
    if (isRemoval(raw)) continue;
    const parsed = rawUser.safeParse(raw);
    if (!parsed.success) {
      out.invalidSkipped++;
      continue;
    }
    const u = parsed.data;
    const directory = factsOf(u, admins, signIn);
    const person: Person = {
      externalId: u.id.toLowerCase(),
      email: primaryAddress(u),
      name: present(u.displayName) ? u.displayName.trim().slice(0, MAX_NAME) : null,
      avatarUrl: null,
      attributes: { userPrincipalName: u.userPrincipalName ?? null, createdAt: time(u.createdDateTime) },
      aliases: aliasesOf(u),
      directory,
      account: accountOf(directory, admins),
    };
    out.people.push(person);
  }
  return out;
}
