import { createHash } from 'node:crypto';
import type { AccountBatch, AccountFacts, AccountRow, Person, Transformed } from '../connectors/connector';
import { isUsableEmail, normaliseEmail } from './email';

/** Most aliases one account keeps; a directory listing more is cut (sorted first, so the cut is stable). */
const MAX_ALIASES = 100;

/** What a source that says nothing of roles gives (Notion): the facts of every account before ADR 0019. */
const NO_FACTS: Required<AccountFacts> = { role: 'UNKNOWN', mfaEnabled: null, lastActiveAt: null, login: null };

/** A person's other addresses: normalised, usable, deduped, sorted, without the primary. */
function aliasesOf(primary: string | null, raw: readonly string[] | undefined): string[] {
  const out = new Set<string>();
  for (const a of raw ?? []) {
    const e = typeof a === 'string' ? normaliseEmail(a) : '';
    if (isUsableEmail(e)) out.add(e);
  }
  if (primary !== null) out.delete(primary);
  return [...out].sort().slice(0, MAX_ALIASES);
}

/**
 * The core's digest of an account's stored fields, volatile facts (last sign-in) left out: a re-sync rewrites an
 * account only when this changes (ADR 0016). A row with nothing beyond the neutral fields digests as Notion's rows
 * did before the contract, so an upgrade rewrites none of them.
 */
export function accountDigest(row: Omit<AccountRow, 'hash'>): string {
  const { role, mfaEnabled, login } = row.account;
  const noFacts = role === 'UNKNOWN' && mfaEnabled === null && login === null && row.unmanaged === null;
  const plain = Object.keys(row.attributes).length === 0 && row.aliases.length === 0 && row.directory === null && noFacts;
  const fields = plain
    ? [row.name, row.email, row.emailRaw, row.avatarUrl]
    : [
        row.externalId,
        row.email,
        row.emailRaw,
        row.name,
        row.avatarUrl,
        row.aliases,
        Object.keys(row.attributes)
          .sort()
          .map((k) => [k, row.attributes[k]]),
        row.directory && [row.directory.status, row.directory.guest, row.directory.admin, row.directory.department],
        // Appended, and only when set, so a row without them digests as it did before ADR 0019.
        ...(noFacts ? [] : [[role, mfaEnabled, login, row.unmanaged]]),
      ];
  return createHash('sha1').update(JSON.stringify(fields)).digest('base64url');
}

/**
 * One person as a row, or why not: no address given, or one that cannot key a person. A person the source marks
 * unmanaged becomes a row without an address instead (ADR 0019): an account joined to no person.
 */
function toRow(p: Person): AccountRow | 'noEmail' | 'invalid' {
  const given = p.email !== null && p.email.trim() !== '';
  const email = given ? normaliseEmail(p.email!) : null;
  const usable = email !== null && isUsableEmail(email);
  if (!usable && !p.unmanaged) return given ? 'invalid' : 'noEmail';
  const row = {
    externalId: p.externalId,
    email: usable ? email : null,
    emailRaw: usable ? p.email : null,
    name: p.name,
    avatarUrl: p.avatarUrl,
    attributes: p.attributes,
    aliases: aliasesOf(usable ? email : null, p.aliases),
    directory: p.directory ?? null,
    account: { ...NO_FACTS, ...p.account, login: p.account?.login ?? null },
    unmanaged: usable ? null : p.unmanaged!,
  };
  return { ...row, hash: accountDigest(row) };
}

/** A connector's transformed batch as rows to load, with the run's counts: the core's normalisation, once for all. */
export function toAccountBatch(t: Transformed, seen: number): AccountBatch {
  const out: AccountBatch = {
    rows: [],
    seen,
    persons: t.people.length,
    botsSkipped: t.botsSkipped,
    noEmailSkipped: 0,
    invalidSkipped: t.invalidSkipped,
    removed: t.removed ?? [],
  };
  for (const p of t.people) {
    const row = toRow(p);
    if (row === 'noEmail') out.noEmailSkipped++;
    else if (row === 'invalid') out.invalidSkipped++;
    else out.rows.push(row);
  }
  return out;
}
