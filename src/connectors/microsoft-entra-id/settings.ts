import { readFileSync } from 'node:fs';
import type { Env } from '../../config/env';

/** Where Microsoft is and who we are to it; production points at Microsoft, tests and the demo at the stand-in. */
export interface EntraSettings {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** `https://login.microsoftonline.com`, no trailing slash. */
  authorityHost: string;
  /** `https://graph.microsoft.com`, no trailing slash. */
  graphBaseUrl: string;
  /** Extra CA certificates (PEM) trusted beside the system's, from MICROSOFT_CA_FILE; null: the system's only. */
  ca: string | null;
  timeoutMs: number;
  /** Requests a second per customer tenant (0: unpaced). */
  requestsPerSecond: number;
  /** Graph's RetryHandler: retries of one request on 429/503/504 (Retry-After honoured, bounded by the run's deadline). */
  maxRetries: number;
}

/** The connector's settings, or null when MICROSOFT_CLIENT_ID is unset (the connector is off). */
export function entraSettings(env: Env): EntraSettings | null {
  if (!env.MICROSOFT_CLIENT_ID) return null;
  // env.ts refuses a half-set group; this only guards a caller that built an Env by hand.
  if (!env.MICROSOFT_CLIENT_SECRET || !env.MICROSOFT_REDIRECT_URI)
    throw new Error('MICROSOFT_CLIENT_ID is set without MICROSOFT_CLIENT_SECRET and MICROSOFT_REDIRECT_URI');
  return {
    clientId: env.MICROSOFT_CLIENT_ID,
    clientSecret: env.MICROSOFT_CLIENT_SECRET,
    redirectUri: env.MICROSOFT_REDIRECT_URI,
    authorityHost: env.MICROSOFT_AUTHORITY_HOST.replace(/\/+$/, ''),
    graphBaseUrl: env.MICROSOFT_GRAPH_BASE_URL.replace(/\/+$/, ''),
    ca: env.MICROSOFT_CA_FILE ? readFileSync(env.MICROSOFT_CA_FILE, 'utf8') : null,
    timeoutMs: env.MICROSOFT_TIMEOUT_MS,
    requestsPerSecond: env.MICROSOFT_REQUESTS_PER_SECOND,
    maxRetries: 3,
  };
}
