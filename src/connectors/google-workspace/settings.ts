import type { Env } from '../../config/env';

/** Where Google is and who we are to it; production points at Google, tests and the demo at the stand-in. */
export interface GoogleSettings {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  apiBaseUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  timeoutMs: number;
  /** Requests a second per customer (0: unpaced). */
  requestsPerSecond: number;
  /** The connector's own backoff on Google's rate-limit answers (403 userRateLimitExceeded/quotaExceeded, 429). */
  backoff: BackoffPolicy;
}

/** How long and how often to wait out a rate limit before the run gives up (and removes nothing). */
export interface BackoffPolicy {
  /** Retries of one request after a rate-limit answer. */
  retries: number;
  /** First wait; doubles with each retry, with jitter, up to `maxMs`. */
  baseMs: number;
  maxMs: number;
}

/** Google asks for exponential backoff without a schedule (sheet §5): 1 s doubling to 32 s, 6 tries ≈ 1 minute. */
export const DEFAULT_BACKOFF: BackoffPolicy = { retries: 6, baseMs: 1000, maxMs: 32_000 };

/** The connector's settings, or null when GOOGLE_CLIENT_ID is unset (the connector is off). */
export function googleSettings(env: Env): GoogleSettings | null {
  if (!env.GOOGLE_CLIENT_ID) return null;
  // env.ts refuses a half-set group; this only guards a caller that built an Env by hand.
  if (!env.GOOGLE_CLIENT_SECRET || !env.GOOGLE_REDIRECT_URI)
    throw new Error('GOOGLE_CLIENT_ID is set without GOOGLE_CLIENT_SECRET and GOOGLE_REDIRECT_URI');
  return {
    clientId: env.GOOGLE_CLIENT_ID,
    clientSecret: env.GOOGLE_CLIENT_SECRET,
    redirectUri: env.GOOGLE_REDIRECT_URI,
    apiBaseUrl: env.GOOGLE_API_BASE_URL,
    authorizeUrl: env.GOOGLE_AUTHORIZE_URL,
    tokenUrl: env.GOOGLE_TOKEN_URL,
    revokeUrl: env.GOOGLE_REVOKE_URL,
    timeoutMs: env.GOOGLE_TIMEOUT_MS,
    requestsPerSecond: env.GOOGLE_REQUESTS_PER_SECOND,
    backoff: DEFAULT_BACKOFF,
  };
}
