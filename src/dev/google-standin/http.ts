import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request as the route handlers see it. */
export interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What a handler answers; `customerId` is only for the request log. */
export interface Reply {
  status: number;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  customerId?: string;
}

/** A JSON reply. */
export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });

/** Google's API error shape (sheet §5); Google's own 503 example carries no `status`. */
export const googleError = (code: number, reason: string, message: string, status?: string): Reply =>
  json(code, { error: { code, message, errors: [{ domain: /RateLimit|quota/.test(reason) ? 'usageLimits' : 'global', reason, message }], ...(status ? { status } : {}) } });

/** A non-admin's grant on the Directory API, exactly as observed (sheet §2). */
export const notAuthorized = (): Reply =>
  json(403, {
    error: {
      code: 403,
      message: 'Not Authorized to access this resource/api',
      errors: [{ domain: 'global', reason: 'forbidden', message: 'Not Authorized to access this resource/api' }],
    },
  });

/** An access token Google does not accept (the Drive page's 401 shape; Directory's own body is not confirmed). */
export const invalidCredentials = (): Reply =>
  json(401, {
    error: {
      code: 401,
      message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      errors: [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }],
      status: 'UNAUTHENTICATED',
    },
  });

/** The token and revoke endpoints answer in OAuth's shape. */
export const oauthError = (status: number, error: string, description: string): Reply => json(status, { error, error_description: description });

/** Writes a reply; JSON bodies get their content type. */
export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = reply.raw ?? '';
  if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] = 'application/json; charset=UTF-8';
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
