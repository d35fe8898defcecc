import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Guards /metrics (API and worker) when METRICS_TOKEN is set: `Authorization: Bearer <token>` or 401. The
 * comparison is over SHA-256 digests with timingSafeEqual, so neither the token's content nor its length shows
 * in the time an answer takes. Unset: open, as before.
 */
export function metricsAuth(token: string | undefined): RequestHandler {
  if (!token) return (_req, _res, next) => next();
  const expected = digest(token);
  return (req, res, next) => {
    const given = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return next();
    res.status(401).setHeader('www-authenticate', 'Bearer realm="metrics"').type('text/plain').send('METRICS_TOKEN required\n');
  };
}
