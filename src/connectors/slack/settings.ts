import type { Env } from '../../config/env';

/** Where Slack is and who we are to it; production points at Slack, tests and the demo at the stand-in. */
export interface SlackSettings {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** `https://slack.com/api/`, with its trailing slash. */
  apiBaseUrl: string;
  authorizeUrl: string;
  timeoutMs: number;
  /** Retries of a request that got no answer, a 5xx, or a transient Slack error (each within the run's deadline). */
  retries: number;
  /** First pause before such a retry; doubles each time. 429s wait Retry-After instead. */
  retryBaseMs: number;
  /** Most 429s one request waits out before the run gives up. */
  rateLimitWaits: number;
}

/** The connector's settings, or null when SLACK_CLIENT_ID is unset (the connector is off). */
export function slackSettings(env: Env): SlackSettings | null {
  if (!env.SLACK_CLIENT_ID) return null;
  // env.ts refuses a half-set group; this only guards a caller that built an Env by hand.
  if (!env.SLACK_CLIENT_SECRET || !env.SLACK_REDIRECT_URI)
    throw new Error('SLACK_CLIENT_ID is set without SLACK_CLIENT_SECRET and SLACK_REDIRECT_URI');
  return {
    clientId: env.SLACK_CLIENT_ID,
    clientSecret: env.SLACK_CLIENT_SECRET,
    redirectUri: env.SLACK_REDIRECT_URI,
    apiBaseUrl: env.SLACK_API_BASE_URL.replace(/\/*$/, '/'),
    authorizeUrl: env.SLACK_AUTHORIZE_URL,
    timeoutMs: env.SLACK_TIMEOUT_MS,
    retries: 2,
    retryBaseMs: 500,
    rateLimitWaits: 20,
  };
}
