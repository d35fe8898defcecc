import { json, type Reply, slackError } from './http';
import type { SlackMemberJson } from './members';
import type { SlackWorkspace } from './state';

/** users.list faults that shape the page instead of replacing the answer. */
export type PageFault =
  /** No members, and a fresh cursor to the same position. */
  | { kind: 'empty-page' }
  /** The last page's cursor points back to the second page (a cursor loop). */
  | { kind: 'loop' }
  /** Lists only the first `keep` members, as a glitching workspace might. */
  | { kind: 'shrink'; keep: number };

/** Beyond this, users.list without `limit` refuses (sheet §3: `limit_required` on large teams). */
const UNLIMITED_MAX = 5000;
/** "under 1000" (sheet §3). */
const MAX_LIMIT = 1000;

const cursorFor = (id: string, nonce = '') => Buffer.from(`user:${id}${nonce}`).toString('base64');
const idOf = (cursor: string) => /^user:([A-Z0-9]+)(?:#.*)?$/.exec(Buffer.from(cursor, 'base64').toString())?.[1] ?? null;

/** team.info (sheet §2). */
export function teamInfo(ws: SlackWorkspace): Reply {
  const icon = (n: number) => `https://avatars.slack-edge.com/standin/${ws.id}_${n}.png`;
  return json(200, {
    ok: true,
    team: {
      id: ws.id,
      name: ws.name,
      url: `https://${ws.domain}.slack.com/`,
      domain: ws.domain,
      email_domain: '',
      icon: ws.defaultIcon
        ? { image_default: true, image_34: icon(34), image_132: icon(132) }
        : {
            image_34: icon(34),
            image_44: icon(44),
            image_68: icon(68),
            image_88: icon(88),
            image_102: icon(102),
            image_132: icon(132),
            image_230: icon(230),
          },
      avatar_base_url: 'https://ca.slack-edge.com/',
      is_verified: false,
    },
  });
}

/** What a member looks like to a token: without `users:read.email` the address is simply left out (sheet §3). */
function asSeen(m: SlackMemberJson, emails: boolean): SlackMemberJson {
  if (emails || m.profile.email === undefined) return m;
  const { email: _email, ...profile } = m.profile;
  return { ...m, profile };
}

/** users.list: `limit` and an opaque cursor (base64 `user:U…`), the end as `next_cursor: ""`. */
export function usersList(form: URLSearchParams, ws: SlackWorkspace, emails: boolean, fault: PageFault | null): Reply {
  const all = fault?.kind === 'shrink' ? ws.members.slice(0, fault.keep) : ws.members;
  const limitRaw = form.get('limit');
  const limit = limitRaw ? Math.min(Math.max(1, Number(limitRaw) || 0), MAX_LIMIT) : null;
  if (limit === null && all.length > UNLIMITED_MAX) return slackError('limit_required');
  const cursor = form.get('cursor');
  let start = 0;
  if (cursor) {
    const id = idOf(cursor);
    start = id ? all.findIndex((m) => m.id === id) : -1;
    if (start < 0) return slackError('invalid_cursor');
  }
  if (fault?.kind === 'empty-page') return page([], cursorFor(all[start].id, `#${Date.now()}${Math.random()}`));
  const size = limit ?? all.length;
  const members = all.slice(start, start + size).map((m) => asSeen(m, emails));
  const next = all[start + size];
  if (!next && fault?.kind === 'loop' && all.length > size) return page(members, cursorFor(all[size].id));
  return page(members, next ? cursorFor(next.id) : '');
}

const page = (members: SlackMemberJson[], nextCursor: string): Reply =>
  json(200, { ok: true, members, cache_ts: Math.floor(Date.now() / 1000), response_metadata: { next_cursor: nextCursor } });
