import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isUsableEmail, normaliseEmail, safeHttpUrl } from '../../../identity/email';

/** One Notion person ready to load: a member of the workspace with a usable email. */
export interface MemberRow {
  externalId: string;
  name: string | null;
  email: string;
  emailRaw: string;
  avatarUrl: string | null;
  /** Digest of the fields above: a re-sync writes nothing for a member whose digest did not change. */
  hash: string;
}

/** What one batch of raw `/v1/users` results became. */
export interface TransformedBatch {
  rows: MemberRow[];
  seen: number;
  persons: number;
  botsSkipped: number;
  noEmailSkipped: number;
  invalidSkipped: number;
}

const MAX_NAME = 512;

const rawUser = z.object({
  object: z.literal('user').optional(),
  id: z.string().min(1).max(128),
  type: z.enum(['person', 'bot']).optional(),
  name: z.string().nullish(),
  avatar_url: z.unknown().optional(),
  person: z.object({ email: z.unknown().optional() }).passthrough().optional(),
  bot: z.unknown().optional(),
});

/**
 * Pure: raw `/v1/users` results in, person rows out. Bots are skipped, persons without a usable email are
 * skipped and counted, and a malformed entry is counted as invalid rather than failing the run.
 */
export function transformMembers(results: readonly unknown[]): TransformedBatch {
  const out: TransformedBatch = { rows: [], seen: results.length, persons: 0, botsSkipped: 0, noEmailSkipped: 0, invalidSkipped: 0 };
  for (const raw of results) {
    const parsed = rawUser.safeParse(raw);
    if (!parsed.success) {
      out.invalidSkipped++;
      continue;
    }
    const user = parsed.data;
    const type = user.type ?? (user.bot !== undefined ? 'bot' : user.person !== undefined ? 'person' : undefined);
    if (type === 'bot') {
      out.botsSkipped++;
      continue;
    }
    if (type !== 'person') {
      out.invalidSkipped++;
      continue;
    }
    out.persons++;
    const emailRaw = typeof user.person?.email === 'string' ? user.person.email : null;
    if (emailRaw === null || emailRaw.trim() === '') {
      out.noEmailSkipped++;
      continue;
    }
    const email = normaliseEmail(emailRaw);
    if (!isUsableEmail(email)) {
      out.invalidSkipped++;
      continue;
    }
    const name = user.name ? user.name.slice(0, MAX_NAME) : null;
    const avatarUrl = safeHttpUrl(user.avatar_url);
    out.rows.push({ externalId: user.id, name, email, emailRaw, avatarUrl, hash: rowHash(name, email, emailRaw, avatarUrl) });
  }
  return out;
}

/** A short stable digest of a member's stored fields. */
export function rowHash(...fields: (string | null)[]): string {
  return createHash('sha1').update(JSON.stringify(fields)).digest('base64url');
}
