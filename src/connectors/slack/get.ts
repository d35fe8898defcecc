import { safeHttpUrl } from '../../identity/email';
import type { Page, RemoteApp } from '../connector';
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
export function membersPage(r: SlackResult): Page {
  if (!Array.isArray(r.members)) throw new SlackApiError(200, 'malformed');
  const cursor = (r.response_metadata as { next_cursor?: unknown } | undefined)?.next_cursor;
  if (cursor !== undefined && cursor !== null && typeof cursor !== 'string') throw new SlackApiError(200, 'malformed');
  // Slack ends with `next_cursor: ""`; the core's pager reads "" as "more, but where?", so the end is null here.
  return { items: r.members, next: cursor ? cursor : null };
}

/**
 * One users.list page (`limit=200`, the cursor; null for the first). The core pages (guards for loops, empty pages,
 * page count, deadline and signal), so WebClient.paginate is not used: it has no page cap, never notices a repeating
 * cursor, and dies on a 429 (sheet §7).
 */
export async function getMembersPage(slack: Slack, cursor: string | null): Promise<Page> {
  return membersPage(await slack.call('users.list', { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }));
}
