import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request as the route handlers see it. */
export interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What a handler answers; `workspaceId` is only for the request log. */
export interface Reply {
  status: number;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  workspaceId?: string;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });

/** Notion's error shape. */
export const notionError = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): Reply =>
  json(status, { object: 'error', status, code, message, request_id: randomUUID(), ...extra });

/** OAuth endpoints answer in OAuth's shape, not Notion's. */
export const oauthError = (status: number, error: string, description: string): Reply =>
  json(status, { error, error_description: description, request_id: randomUUID() });

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = reply.raw ?? '';
  if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] = 'application/json';
  } else if (reply.raw !== undefined && !headers['content-type']) headers['content-type'] = 'text/html; charset=utf-8';
  res.writeHead(reply.status, headers).end(payload);
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
