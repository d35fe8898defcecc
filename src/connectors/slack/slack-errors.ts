/**
 * What Slack answered (or that no answer came), stripped of the request: @slack/web-api's errors may carry the
 * request's URL and body, so they never leave the client layer.
 */
export class SlackApiError extends Error {
  constructor(
    /** HTTP status: 200 for Slack's `{ok:false}` answers, 429, 5xx; 0 when no answer came (timeout, reset, cut body). */
    readonly status: number,
    /** Slack's `error` (invalid_auth, missing_scope …), or malformed / timeout / network / aborted / http_error. */
    readonly code: string,
    /** A missing_scope answer's `needed` scope(s). */
    readonly needed: string | null = null,
    /** Seconds, from a 429's Retry-After. */
    readonly retryAfter: number | null = null,
  ) {
    super(status ? `Slack answered ${status} ${code}` : `Slack did not answer (${code})`);
    this.name = 'SlackApiError';
  }
}

/** The connector stopped waiting or retrying (the run's deadline, or too many retries); its message is the run record's sentence. */
export class SlackGaveUpError extends Error {
  constructor(
    message: string,
    readonly last: SlackApiError,
  ) {
    super(message);
    this.name = 'SlackGaveUpError';
  }
}

/** Slack's errors meaning the token is no good for good (sheet §5): the core refreshes once, then NEEDS_REAUTH. */
export const REAUTH_ERRORS = new Set(['not_authed', 'invalid_auth', 'token_revoked', 'account_inactive', 'token_expired']);

/** Slack's errors that a later attempt may not get (sheet §5). */
export const TRANSIENT_ERRORS = new Set(['internal_error', 'fatal_error', 'request_timeout', 'service_unavailable', 'ratelimited']);
