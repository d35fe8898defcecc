/**
 * What Graph answered (or that no answer came), stripped of the request: graph-client's errors and the
 * request they came from hold the bearer token, so they never leave the client layer.
 */
export class GraphApiError extends Error {
  constructor(
    /** HTTP status; 0 when no answer came (timeout, broken connection, cut body). */
    readonly status: number,
    /** Graph's `error.code` (Authorization_RequestDenied, resyncRequired …), or timeout / network / aborted / deadline. */
    readonly code: string,
    readonly retryAfter: string | null = null,
  ) {
    super(status ? `Graph answered ${status} ${code}` : `Graph did not answer (${code})`);
    this.name = 'GraphApiError';
  }
}

/** The identity platform refused a token request (`AADSTS<n>`), or could not be reached (status 0). */
export class EntraTokenError extends Error {
  constructor(
    readonly status: number,
    /** OAuth's `error` (invalid_client, unauthorized_client, invalid_grant …) or msal's code. */
    readonly oauthCode: string | null,
    /** The AADSTS number, e.g. 700016 (app not in the tenant). */
    readonly aadsts: string | null,
  ) {
    super(`The Microsoft identity platform refused a token: ${oauthCode ?? 'no answer'}${aadsts ? ` AADSTS${aadsts}` : ''}`);
    this.name = 'EntraTokenError';
  }
}

/** A body that is not what Graph promises. */
export class MalformedResponseError extends Error {}

/** AADSTS numbers meaning our app has no service principal in the tenant: never consented there, or removed (sheet §2). */
export const APP_NOT_IN_TENANT = new Set(['700016', '7000229', '65001']);
