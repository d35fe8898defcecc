import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request as a stand-in's route handlers see it. */
export interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What a handler answers: a JSON `body`, or `raw` text (HTML pages, broken bodies for faults). */
export interface BaseReply {
  status: number;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

/** A JSON reply. */
export const json = (status: number, body: unknown, headers?: Record<string, string>): BaseReply => ({ status, body, headers });

/** Writes a reply; JSON bodies get `contentType`, raw ones HTML unless they say otherwise. */
export function send(res: ServerResponse, reply: BaseReply, contentType = 'application/json'): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = reply.raw ?? '';
  if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] = contentType;
  } else if (reply.raw !== undefined && !headers['content-type']) headers['content-type'] = 'text/html; charset=utf-8';
  res.writeHead(reply.status, headers).end(payload);
}

/** The whole request body as text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
