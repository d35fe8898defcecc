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

/** Requests in flight and the most at once, which a stand-in reports to benchmarks. */
export interface InFlight {
  inFlight: number;
  peakInFlight: number;
}

/** Counts a request in flight until its response closes, and reads it whole as its route handlers see it. */
export async function intake(req: IncomingMessage, res: ServerResponse, counters: InFlight): Promise<Req> {
  counters.inFlight++;
  counters.peakInFlight = Math.max(counters.peakInFlight, counters.inFlight);
  res.once('close', () => counters.inFlight--);
  const url = new URL(req.url ?? '/', 'http://sandbox');
  return { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: await readBody(req) };
}
