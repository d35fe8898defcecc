import { randomUUID } from 'node:crypto';
import { type BaseReply, json, send } from '../standin-kit/http';

export type { Req } from '../standin-kit/http';

/** What a handler answers; `workspaceId` is only for the request log. */
export interface Reply extends BaseReply {
  workspaceId?: string;
}

export { json, send };

/** Notion's error shape. */
export const notionError = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): Reply =>
  json(status, { object: 'error', status, code, message, request_id: randomUUID(), ...extra });

/** OAuth endpoints answer in OAuth's shape, not Notion's. */
export const oauthError = (status: number, error: string, description: string): Reply =>
  json(status, { error, error_description: description, request_id: randomUUID() });
