import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isUsableEmail, normaliseEmail, safeHttpUrl } from '../../../identity/email';
import type { AccountBatch } from '../../connector';

/** What one batch of raw `/v1/users` results became: persons with a usable email as account rows. */
export type TransformedBatch = AccountBatch;

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
    // Notion has no attributes beyond the neutral ones, and no aliases; the digest is the one stored before the contract.
    out.rows.push({
      externalId: user.id,
      name,
      email,
      emailRaw,
      avatarUrl,
      attributes: {},
      aliases: [],
      hash: rowHash(name, email, emailRaw, avatarUrl),
    });
  }
  return out;
}

/** A short stable digest of a member's stored fields. */
export function rowHash(...fields: (string | null)[]): string {
  return createHash('sha1').update(JSON.stringify(fields)).digest('base64url');
}
