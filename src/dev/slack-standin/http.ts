import type { ServerResponse } from 'node:http';
import { type BaseReply, json, send as sendReply } from '../standin-kit/http';

export type { Req } from '../standin-kit/http';

/** What a handler answers; `teamId` is only for the request log. */
export interface Reply extends BaseReply {
  teamId?: string;
}

export { json };

/** Writes a reply in Slack's JSON content type. */
export const send = (res: ServerResponse, reply: Reply): void => sendReply(res, reply, 'application/json; charset=utf-8');

/** A method error: HTTP 200 and `{ok:false, error}` (sheet §5). */
export const slackError = (error: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): Reply =>
  json(200, { ok: false, error, ...extra }, headers);
