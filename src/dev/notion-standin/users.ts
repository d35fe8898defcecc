import { randomUUID } from 'node:crypto';
import { json, notionError, type Reply, type Req } from './http';
import type { SandboxMember, SandboxWorkspace } from './state';

const toUser = (m: SandboxMember, withEmail: boolean) =>
  m.type === 'bot'
    ? { object: 'user', id: m.id, type: 'bot', name: m.name, avatar_url: null, bot: {} }
    : { object: 'user', id: m.id, type: 'person', name: m.name, avatar_url: m.avatar_url, person: withEmail && m.email ? { email: m.email } : {} };

/** `GET /v1/users`: cursor pages over the workspace's current member list. */
export function listUsers(req: Req, ws: SandboxWorkspace): Reply {
  if (ws.capability === 'none') return notionError(403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
  const size = req.query.has('page_size') ? Number(req.query.get('page_size')) : 100;
  if (!Number.isInteger(size) || size < 1 || size > 100) return notionError(400, 'validation_error', 'body failed validation: page_size should be ≤ 100.');
  const cursor = req.query.get('start_cursor');
  const start = cursor === null ? 0 : Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isInteger(start) || start < 0 || (cursor !== null && start >= ws.members.length)) {
    return notionError(400, 'validation_error', 'start_cursor is not a valid cursor.');
  }
  const end = Math.min(start + size, ws.members.length);
  const results = ws.members.slice(start, end).map((m) => toUser(m, ws.capability === 'email'));
  const more = end < ws.members.length;
  return json(200, {
    object: 'list',
    results,
    next_cursor: more ? Buffer.from(String(end)).toString('base64url') : null,
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
