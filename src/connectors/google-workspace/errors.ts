import type { ConnectorTexts, ErrorKind } from '../connector';
import { GoogleApiError, GoogleTokenError, MalformedResponseError, RateLimitExhaustedError } from './google-errors';

/** What the connection card says, in Google's words. */
export const texts: ConnectorTexts = {
  noMemberAccess:
    'The Google account that connected is not a Google Workspace administrator, so the directory cannot be read. ' +
    'Reconnect signed in as a super admin, or as a delegated admin allowed to read users and domains.',
  noEmailAccess: 'Google Workspace listed its users without their addresses; reconnect and allow every permission Layer asks for.',
  reauth:
    "Google no longer accepts the stored authorization (revoked, unused for six months, or the admin's password changed); " +
    'reconnect Google Workspace.',
};

/** How the core should read what the connector threw. */
export function classify(err: unknown): ErrorKind {
  if (err instanceof GoogleApiError) {
    if (err.status === 401) return 'unauthorized';
    // A non-admin grant (sheet §2) or a grant without the directory scopes: the app syncs with no members.
    if (err.status === 403 && (err.reason === 'forbidden' || err.reason === 'insufficientPermissions')) return 'restricted';
  }
  // A refresh token Google refuses for good: the core ends the connection as NEEDS_REAUTH.
  if (err instanceof GoogleTokenError && err.oauthCode === 'invalid_grant') return 'unauthorized';
  return 'other';
}

const explained: Record<string, string> = {
  backendError: "Google's directory was unavailable (503 backendError), even after retries; the next run tries again.",
  forbidden: 'Google refused to list the directory: the account that connected is not a Workspace administrator.',
  insufficientPermissions: 'The grant lacks the directory scopes; reconnect Google Workspace and allow every permission.',
  authError: 'Google rejected the access token (401).',
};

/** A sentence for the run record; it never carries a token, a URL or a header. Null for errors it does not know. */
export function failureMessage(err: unknown): string | null {
  if (err instanceof RateLimitExhaustedError || err instanceof MalformedResponseError) return err.message;
  if (err instanceof GoogleApiError) {
    if (err.reason === 'timeout') return 'Google did not answer in time (GOOGLE_TIMEOUT_MS), even after a retry.';
    if (err.reason === 'aborted') return 'The request to Google was cancelled (the service shut down).';
    if (err.status === 0) return 'The connection to Google broke off before the answer was complete.';
    return explained[err.reason] ?? `Google answered ${err.status} ${err.reason.replace(/[^\w.-]/g, '')}.`;
  }
  if (err instanceof GoogleTokenError) {
    if (err.oauthCode === 'invalid_grant')
      return 'Google refused the stored refresh token (invalid_grant: expired or revoked); reconnect Google Workspace.';
    if (err.oauthCode === 'invalid_client')
      return "Google rejected this server's OAuth client; an operator must check GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET.";
    return err.status ? `Google's token endpoint answered ${err.status}.` : "Google's token endpoint could not be reached.";
  }
  return null;
}
