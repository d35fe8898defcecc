import { z } from 'zod';
import { safeHttpUrl } from '../../../identity/email';
import type { Transformed } from '../../connector';

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
 * Pure: raw `/v1/users` results in, people out. Bots are skipped and a malformed entry is counted as invalid
 * rather than failing the run; the core skips and counts persons without a usable email. Notion has no attributes
 * beyond the neutral ones, and no aliases.
 */
export function transformMembers(results: readonly unknown[]): Transformed {
  const out: Transformed = { people: [], botsSkipped: 0, invalidSkipped: 0 };
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
    out.people.push({
      externalId: user.id,
      email: typeof user.person?.email === 'string' ? user.person.email : null,
      name: user.name ? user.name.slice(0, MAX_NAME) : null,
      avatarUrl: safeHttpUrl(user.avatar_url),
      attributes: {},
    });
  }
  return out;
}
