import { z } from 'zod';
import { isUsableEmail, normaliseEmail } from '../../identity/email';
import type { Person, Transformed, UnmanagedReason } from '../connector';

/** What an account may do in the organisation: owners are `ADMIN` in GitHub's words; outside collaborators are guests. */
export type GitHubRole = 'ADMIN' | 'MEMBER' | 'GUEST';

/** One GitHub account as this connector sees it; `toPerson` maps it onto the contract (ADR 0019). */
export interface GitHubAccount {
  /** The user's numeric id (GraphQL `databaseId`, REST `id`), as a string. */
  externalId: string;
  login: string;
  name: string | null;
  avatarUrl: string | null;
  role: GitHubRole;
  /** GitHub's `hasTwoFactorEnabled`: null when it does not say (not an owner's view, outside collaborators). */
  mfaEnabled: boolean | null;
  /** The first (sorted) address on the organisation's verified domains, normalised; null: unmanaged. */
  email: string | null;
  emailRaw: string | null;
  /** Its other verified-domain addresses. */
  aliases: string[];
  /** EMAIL_HIDDEN: GitHub discloses no address on the organisation's verified domains. */
  unmanaged: Extract<UnmanagedReason, 'EMAIL_HIDDEN'> | null;
}

const MAX_NAME = 512;
const MAX_ALIASES = 100;
const text = (max: number) => z.string().max(max).nullish().catch(null);
const user = {
  login: z.string().min(1).max(100),
  name: text(MAX_NAME * 2),
  avatarUrl: text(2048),
};
const memberEdge = z.object({
  role: z.enum(['ADMIN', 'MEMBER']).catch('MEMBER'),
  hasTwoFactorEnabled: z.boolean().nullish().catch(null),
  node: z.object({
    databaseId: z.number().int().positive(),
    ...user,
    organizationVerifiedDomainEmails: z.array(z.unknown()).nullish().catch(null),
  }),
});
const collaborator = z.object({
  id: z.number().int().positive(),
  login: user.login,
  avatar_url: text(2048),
  type: z.string().nullish().catch(null),
});

/** The verified-domain addresses, usable and normalised, sorted (the first is the join key). */
function addresses(raw: readonly unknown[] | null | undefined): { email: string; raw: string }[] {
  const out = new Map<string, string>();
  for (const r of raw ?? []) {
    if (typeof r !== 'string') continue;
    const e = normaliseEmail(r);
    if (isUsableEmail(e) && !out.has(e)) out.set(e, r);
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([email, r]) => ({ email, raw: r }));
}

/** A member edge of `membersWithRole`, or null when it is not one. */
export function memberAccount(raw: unknown): GitHubAccount | null {
  const parsed = memberEdge.safeParse(raw);
  if (!parsed.success) return null;
  const { node, role, hasTwoFactorEnabled } = parsed.data;
  const [first, ...rest] = addresses(node.organizationVerifiedDomainEmails);
  return {
    externalId: String(node.databaseId),
    login: node.login,
    name: node.name?.trim() ? node.name.trim().slice(0, MAX_NAME) : null,
    avatarUrl: node.avatarUrl ?? null,
    role,
    mfaEnabled: hasTwoFactorEnabled ?? null,
    email: first?.email ?? null,
    emailRaw: first?.raw ?? null,
    aliases: rest.map((a) => a.email).slice(0, MAX_ALIASES),
    unmanaged: first ? null : 'EMAIL_HIDDEN',
  };
}

/** An outside collaborator (a REST simple-user: no name, no address): a guest nobody can be matched to yet. */
export function collaboratorAccount(raw: unknown): GitHubAccount | null {
  const parsed = collaborator.safeParse(raw);
  if (!parsed.success) return null;
  const u = parsed.data;
  return {
    externalId: String(u.id),
    login: u.login,
    name: null,
    avatarUrl: u.avatar_url ?? null,
    role: 'GUEST',
    mfaEnabled: null,
    email: null,
    emailRaw: null,
    aliases: [],
    unmanaged: 'EMAIL_HIDDEN',
  };
}

/** A raw item of the listing: a member edge (GraphQL) or an outside collaborator (REST), tagged by source.ts. */
export type RawItem = { member: unknown } | { collaborator: unknown };

/** The contract's person for an account (ADR 0019): role, MFA and login as account facts; no address keeps it unmanaged. */
export function toPerson(a: GitHubAccount): Person {
  return {
    externalId: a.externalId,
    email: a.emailRaw,
    name: a.name,
    avatarUrl: a.avatarUrl,
    attributes: {},
    aliases: a.aliases,
    account: { role: a.role, mfaEnabled: a.mfaEnabled, lastActiveAt: null, login: a.login },
    unmanaged: a.unmanaged,
  };
}

/**
 * Pure: tagged raw items in, the contract's people and the typed accounts out. Every GitHub account here is a person
 * (organisations list no bots as members); one that does not parse is invalid. One without a verified-domain address
 * is unmanaged: the core keeps it as an account joined to no person.
 */
export function transformItems(items: readonly unknown[]): Transformed & { accounts: GitHubAccount[] } {
  const out: Transformed & { accounts: GitHubAccount[] } = { people: [], botsSkipped: 0, invalidSkipped: 0, accounts: [] };
  for (const item of items) {
    const i = item as Partial<Record<'member' | 'collaborator', unknown>> | null;
    const a = i && 'member' in i ? memberAccount(i.member) : i && 'collaborator' in i ? collaboratorAccount(i.collaborator) : null;
    if (!a) {
      out.invalidSkipped++;
      continue;
    }
    out.accounts.push(a);
    out.people.push(toPerson(a));
  }
  return out;
}
