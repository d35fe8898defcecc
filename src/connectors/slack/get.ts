import { safeHttpUrl } from '../../identity/email';
import { PagingError, type PagingLimits, type RemoteApp } from '../connector';
import type { Slack, SlackResult } from './client';
import { SlackApiError } from './slack-errors';

/** users.list's page size: "no more than 200" (sheet §3); 50k members are 250 requests. */
export const PAGE_SIZE = 200;

/** The scope that lets users.list show addresses; without it they are silently left out (sheet §3). */
export const EMAIL_SCOPE = 'users:read.email';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** The scopes a call says the token holds (`x-oauth-scopes`, which the client puts in `response_metadata.scopes`); null when not said. */
export const scopesOf = (r: SlackResult): string[] | null => {
  const s = (r.response_metadata as { scopes?: unknown } | undefined)?.scopes;
  return Array.isArray(s) ? s.filter((x): x is string => typeof x === 'string') : null;
};

/** `team.info`: the workspace as the app (id, name, domain, icon), and whether addresses are readable. */
export async function getTeam(slack: Slack): Promise<RemoteApp> {
  const r = await slack.call('team.info');
  const team = r.team;
  if (!isObject(team) || !str(team.id)) throw new SlackApiError(200, 'malformed');
  const icon = isObject(team.icon) ? team.icon : {};
  const scopes = scopesOf(r);
  // `image_default: true`: the workspace kept Slack's placeholder icon.
  const iconUrl = icon.image_default === true ? null : safeHttpUrl(icon.image_132 ?? icon.image_230 ?? icon.image_88 ?? icon.image_68);
  return {
    id: str(team.id)!,
    name: str(team.name),
    iconUrl,
    attributes: {
      domain: str(team.domain),
      url: str(team.url),
      enterpriseId: str(team.enterprise_id),
      grantedScopes: scopes ?? [],
      emailScope: scopes ? scopes.includes(EMAIL_SCOPE) : null,
    },
  };
}

/** A users.list answer, checked: `members` a list, the cursor absent, "" (the end) or a string. */
export function membersPage(r: SlackResult): { members: unknown[]; next: string | null } {
  if (!Array.isArray(r.members)) throw new SlackApiError(200, 'malformed');
  const meta = r.response_metadata as { next_cursor?: unknown } | undefined;
  const cursor = meta?.next_cursor;
  if (cursor !== undefined && cursor !== null && typeof cursor !== 'string') throw new SlackApiError(200, 'malformed');
  return { members: r.members, next: cursor ? cursor : null };
}

/**
 * Pages through users.list (`limit=200`, a cursor) and yields each page's raw members. Our own loop rather than
 * WebClient.paginate, which has no page cap, never notices a repeating cursor, and dies on a 429 (sheet §7).
 * Each page is checked against the run's bounds: a cursor Slack already gave (a loop), too many pages, empty
 * pages that announce more, the deadline or the signal throw PagingError. A failure halfway throws, so cleanup
 * never runs on a partial list. `onScopes` receives the token's scopes from the first page.
 */
export async function* getMembers(slack: Slack, limits: PagingLimits, onScopes?: (s: string[] | null) => void): AsyncGenerator<unknown[]> {
  const cursors = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  let empty = 0;
  for (;;) {
    if (limits.signal?.aborted)
      throw new PagingError('The run was stopped (shutdown or its deadline) before Slack listed every member; nothing was removed.');
    if (Date.now() > limits.deadline)
      throw new PagingError('The run used up its time budget (SYNC_RUN_BUDGET_SECONDS) before Slack listed every member.');
    if (++pages > limits.maxPages)
      throw new PagingError(`Slack kept announcing more members after ${limits.maxPages} pages (SYNC_MAX_PAGES); stopped.`);
    const r = await slack.call('users.list', { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    if (pages === 1) onScopes?.(scopesOf(r));
    const page = membersPage(r);
    if (page.next !== null) {
      if (cursors.has(page.next)) throw new PagingError('Slack returned a cursor it had already given: its paging looped.');
      cursors.add(page.next);
    }
    empty = page.members.length === 0 && page.next !== null ? empty + 1 : 0;
    if (empty > limits.maxEmptyPages) throw new PagingError(`Slack returned ${empty} empty pages in a row while announcing more members.`);
    if (page.members.length > 0) yield page.members;
    if (page.next === null) return;
    cursor = page.next;
  }
}
