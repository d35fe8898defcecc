import { randomUUID } from 'node:crypto';
import { json, notionError, type Reply, type Req } from './http';
import type { SandboxMember, SandboxWorkspace } from './state';

const toUser = (m: SandboxMember, withEmail: boolean) =>
  m.type === 'bot'
    ? { object: 'user', id: m.id, type: 'bot', name: m.name, avatar_url: null, bot: {} }
    : {
        object: 'user',
        id: m.id,
        type: m.type,
        name: m.name,
        avatar_url: m.avatar_url,
        person: withEmail && m.email ? { email: m.email } : {},
      };

/** Cursors are opaque to clients: the position, and a suffix that makes a repeated position a new cursor. */
const encodeCursor = (position: number, salt = '') => Buffer.from(`${position}${salt}`).toString('base64url');
const decodeCursor = (cursor: string) => Number(Buffer.from(cursor, 'base64url').toString('utf8').split('#')[0]);

/** How a fault bends a page: an empty page that moves nowhere, a last page that loops to the first, a repeat. */
export type PageFault = 'empty-page' | 'loop' | 'duplicate' | null;

/** `GET /v1/users`: cursor pages over the workspace's current member list. */
export function listUsers(req: Req, ws: SandboxWorkspace, fault: PageFault = null): Reply {
  if (ws.capability === 'none') return notionError(403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
  const size = req.query.has('page_size') ? Number(req.query.get('page_size')) : 100;
  if (!Number.isInteger(size) || size < 1 || size > 100)
    return notionError(400, 'validation_error', 'body failed validation: page_size should be ≤ 100.');
  const cursor = req.query.get('start_cursor');
  const start = cursor === null ? 0 : decodeCursor(cursor);
  if (!Number.isInteger(start) || start < 0 || (cursor !== null && start >= ws.members.length)) {
    return notionError(400, 'validation_error', 'start_cursor is not a valid cursor.');
  }
  if (fault === 'empty-page') {
    return json(200, {
      object: 'list',
      results: [],
      next_cursor: encodeCursor(start, `#e${randomUUID()}`),
      has_more: true,
      type: 'user',
      user: {},
      request_id: randomUUID(),
    });
  }
  const end = Math.min(start + size, ws.members.length);
  const from = fault === 'duplicate' && start > 0 ? start - 1 : start;
  const results = ws.members.slice(from, end).map((m) => toUser(m, ws.capability === 'email'));
  const loop = fault === 'loop' && end >= ws.members.length;
  const more = end < ws.members.length || loop;
  return json(200, {
    object: 'list',
    results,
    next_cursor: loop ? encodeCursor(0) : more ? encodeCursor(end) : null,
    has_more: more,
    type: 'user',
    user: {},
    request_id: randomUUID(),
  });
}

/** `GET /v1/users/me`: the integration's own bot. */
export function me(ws: SandboxWorkspace): Reply {
  return json(200, {
    object: 'user',
    id: ws.botId,
    type: 'bot',
    name: 'Layer',
    avatar_url: null,
    bot: { owner: { type: 'workspace', workspace: true }, workspace_name: ws.name, workspace_id: ws.id },
    request_id: randomUUID(),
  });
}
