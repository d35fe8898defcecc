import { gaxios } from 'google-auth-library';

const { GaxiosError } = gaxios;
type GaxiosError = gaxios.GaxiosError;

/**
 * An answer (or no answer) from Google's API, stripped of the request: a GaxiosError carries its config,
 * whose headers hold the bearer token, so it never leaves the client layer.
 */
export class GoogleApiError extends Error {
  constructor(
    /** HTTP status; 0 when no answer came (timeout, broken connection). */
    readonly status: number,
    /** Google's `errors[0].reason` (forbidden, userRateLimitExceeded …), or timeout / network / aborted. */
    readonly reason: string,
    readonly retryAfter: string | null = null,
  ) {
    super(status ? `Google answered ${status} ${reason}` : `Google did not answer (${reason})`);
    this.name = 'GoogleApiError';
  }
}

/** The token endpoint refused (OAuth's `{error}`), or could not be reached (status 0). */
export class GoogleTokenError extends Error {
  constructor(
    readonly status: number,
    /** invalid_grant, invalid_client, redirect_uri_mismatch …, or null. */
    readonly oauthCode: string | null,
  ) {
    super(
      status ? `Google's token endpoint answered ${status}${oauthCode ? ` ${oauthCode}` : ''}` : "Google's token endpoint did not answer",
    );
    this.name = 'GoogleTokenError';
  }
}

/** A body that is not what the API promises (a truncated JSON comes back as a string: sheet §8). */
export class MalformedResponseError extends Error {}

/** Rate limits outlasted the backoff budget or the run's deadline; the run fails and removes nothing. */
export class RateLimitExhaustedError extends Error {}

const noAnswerReason = (err: GaxiosError): string => {
  if (err.code === 'TimeoutError' || /timeout|timed out/i.test(err.message)) return 'timeout';
  if (err.code === 'AbortError') return 'aborted';
  return 'network';
};

/** Turns what the Directory client threw into a GoogleApiError (anything unknown is passed on). */
export function toApiError(err: unknown): unknown {
  if (!(err instanceof GaxiosError)) return err;
  const status = err.response?.status ?? 0;
  if (!status) return new GoogleApiError(0, noAnswerReason(err));
  const body = err.response?.data as { error?: { errors?: { reason?: unknown }[]; status?: unknown } } | undefined;
  const reason = body?.error?.errors?.[0]?.reason ?? body?.error?.status;
  return new GoogleApiError(status, typeof reason === 'string' ? reason : 'unknown', err.response?.headers.get('retry-after') ?? null);
}

/** Turns what the token endpoint threw into a GoogleTokenError. */
export function toTokenError(err: unknown): GoogleTokenError {
  const e = err instanceof GaxiosError ? err : null;
  const code = (e?.response?.data as { error?: unknown } | undefined)?.error;
  return new GoogleTokenError(e?.response?.status ?? 0, typeof code === 'string' ? code : null);
}
