import type { ServerResponse } from 'node:http';
import { type BaseReply, json, send as sendReply } from '../standin-kit/http';

export type { Req } from '../standin-kit/http';

/** What a handler answers; `customerId` is only for the request log. */
export interface Reply extends BaseReply {
  customerId?: string;
}

export { json };

/** Writes a reply in Google's JSON content type. */
export const send = (res: ServerResponse, reply: Reply): void => sendReply(res, reply, 'application/json; charset=UTF-8');

/** Google's API error shape (sheet §5); Google's own 503 example carries no `status`. */
export const googleError = (code: number, reason: string, message: string, status?: string): Reply =>
  json(code, {
    error: {
      code,
      message,
      errors: [{ domain: /RateLimit|quota/.test(reason) ? 'usageLimits' : 'global', reason, message }],
      ...(status ? { status } : {}),
    },
  });

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
      message:
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      errors: [
        { message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' },
      ],
      status: 'UNAUTHENTICATED',
    },
  });

/** The token and revoke endpoints answer in OAuth's shape. */
export const oauthError = (status: number, error: string, description: string): Reply =>
  json(status, { error, error_description: description });
