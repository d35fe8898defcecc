import type { ConnectorTexts, ErrorKind } from '../connector';
import { APP_NOT_IN_TENANT, EntraTokenError, GraphApiError, MalformedResponseError } from './entra-errors';

/** What the connection card says, in Microsoft's words. */
export const texts: ConnectorTexts = {
  noMemberAccess:
    "Layer's app may not list this organisation's users (User.Read.All was not granted); reconnect Microsoft Entra ID as a " +
    'Global Administrator and accept on behalf of your organisation.',
  noEmailAccess: 'Microsoft Entra ID listed its users without any address (mail or user principal name).',
  reauth:
    'Microsoft Entra ID no longer lets Layer read this directory: an administrator removed the Layer app from the tenant ' +
    '(Enterprise applications) or withdrew its permissions. Reconnect Microsoft Entra ID signed in as a Global Administrator ' +
    'and accept on behalf of your organisation.',
};

/** The token request failed because our app has no service principal in the tenant (never consented there, or removed). */
export const appNotInTenant = (err: unknown): boolean =>
  err instanceof EntraTokenError && (APP_NOT_IN_TENANT.has(err.aadsts ?? '') || err.oauthCode === 'unauthorized_client');

/** How the core should read what the connector threw. */
export function classify(err: unknown): ErrorKind {
  if (appNotInTenant(err)) return 'unauthorized';
  if (err instanceof GraphApiError) {
    // Still 401 after a fresh app-only token, or the admin withdrew a permission (sheet §2): consent again.
    if (err.status === 401) return 'unauthorized';
    if (err.status === 403 && err.code === 'Authorization_RequestDenied') return 'unauthorized';
    // A delta link older than Graph keeps its state (7 days): the core reads everything once and says so.
    if (err.status === 410) return 'resume-expired';
  }
  return 'other';
}

/** A sentence for the run record; it never carries a token, a URL or a header. Null for errors it does not know. */
export function failureMessage(err: unknown): string | null {
  if (err instanceof MalformedResponseError) return err.message;
  if (err instanceof GraphApiError) {
    if (err.code === 'timeout') return 'Microsoft Graph did not answer in time (MICROSOFT_TIMEOUT_MS); nothing was removed.';
    if (err.code === 'aborted')
      return 'The request to Microsoft Graph was cancelled (the service shut down or the run reached its deadline); nothing was removed.';
    if (err.status === 0) return 'The connection to Microsoft Graph broke off before the answer was complete; nothing was removed.';
    if (err.status === 429)
      return "Microsoft Graph kept throttling (429) and waiting longer would pass the retries or the run's time budget; nothing was removed.";
    if (err.status === 503 || err.status === 504)
      return `Microsoft Graph was unavailable (${err.status}), even after retries; nothing was removed and the next run tries again.`;
    return `Microsoft Graph answered ${err.status} ${err.code.replace(/[^\w.-]/g, '')}; nothing was removed.`;
  }
  if (err instanceof EntraTokenError) {
    if (err.oauthCode === 'invalid_client' || err.aadsts === '7000215' || err.aadsts === '7000222')
      return "The Microsoft identity platform rejected this server's app credentials; an operator must check MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET (expired secret?).";
    if (err.oauthCode === 'aborted')
      return 'The token request to Microsoft was cancelled (the service shut down or the run reached its deadline).';
    if (err.status === 0) return 'The Microsoft identity platform could not be reached for a token; nothing was removed.';
    return `The Microsoft identity platform refused a token (${err.oauthCode?.replace(/[^\w.-]/g, '') ?? 'error'}${err.aadsts ? `, AADSTS${err.aadsts}` : ''}); nothing was removed.`;
  }
  return null;
}
