import { randomUUID } from 'node:crypto';
import { type BaseReply, json } from '../standin-kit/http';

export type { Req } from '../standin-kit/http';

/** What a handler answers; `tenantId` is only for the request log. */
export interface Reply extends BaseReply {
  tenantId?: string;
}

export { json };

/** Graph's error shape (sheet §6). */
export const graphError = (status: number, code: string, message: string, headers?: Record<string, string>): Reply =>
  json(
    status,
    {
      error: {
        code,
        message,
        innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': randomUUID(), 'client-request-id': randomUUID() },
      },
    },
    headers,
  );

/** The identity platform's token error shape (sheet §2): `AADSTS<n>: …` with the number in `error_codes`. */
export const aadError = (status: number, error: string, aadsts: number, description: string): Reply =>
  json(status, {
    error,
    error_description: `AADSTS${aadsts}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
    error_codes: [aadsts],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  });

/** An HTML page (consent screen, error page). */
export const page = (status: number, html: string): Reply => ({ status, raw: html });
