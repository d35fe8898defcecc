import { isUsableEmail, normaliseEmail } from '../../identity/email';
import { AppError } from '../../lib/errors';
import type { ConnectorOAuth, Grant } from '../connector';
import { type EntraGraph } from './client';
import { EntraTokenError } from './entra-errors';
import { appNotInTenant } from './errors';
import type { EntraIdentity } from './identity';
import { describeTenant } from './source';

/** What the credential store holds for a connection: no token at all, only which tenant (syncs take app-only tokens). */
export const storedMarker = (tenantId: string) => `app-only:${tenantId}`;

/**
 * Consent through the identity platform (msal-node). The customer's tenant is the `tid` of the id_token of the
 * code redemption, never a callback parameter (sheet §1: a forged `tenant` would sync another customer's
 * directory). The consent is then proven by an app-only token for that tenant and a read of its organisation;
 * nothing else is stored: syncs take client-credentials tokens, so no refresh token exists.
 */
export class EntraOAuth implements ConnectorOAuth {
  constructor(
    readonly defaultRedirectUri: string,
    private readonly identity: EntraIdentity,
    private readonly graphOf: (tenantId: string) => EntraGraph,
  ) {}

  authorizationUrl(state: string, redirectUri: string): string {
    return this.identity.authorizationUrl(state, redirectUri);
  }

  async exchangeCode(code: string, redirectUri: string): Promise<Grant> {
    const who = await this.identity.redeem(code, redirectUri).catch((err: unknown) => {
      throw codeError(err);
    });
    const app = await describeTenant(this.graphOf(who.tenantId), who.tenantId).catch((err: unknown) => {
      throw consentError(err);
    });
    const owner = who.username ? normaliseEmail(who.username) : null;
    return { accessToken: storedMarker(who.tenantId), refreshToken: null, app, ownerEmail: owner && isUsableEmail(owner) ? owner : null };
  }

  /** Never called: no refresh token is stored, so a rejected app-only token means NEEDS_REAUTH at once. */
  refresh(): Promise<never> {
    return Promise.reject(new EntraTokenError(400, 'invalid_grant', null));
  }

  /** Nothing to revoke: Layer holds no user token; the customer's admin removes the app in their tenant. */
  revoke(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

function codeError(err: unknown): AppError {
  if (err instanceof EntraTokenError && (err.oauthCode === 'invalid_grant' || err.aadsts === '54005' || err.aadsts === '70008'))
    return new AppError(
      'BAD_USER_INPUT',
      'OAUTH_CODE_REJECTED',
      'Microsoft rejected the authorization code (expired, already used, or for another callback); click Connect to start again.',
    );
  if (err instanceof EntraTokenError && (err.oauthCode === 'invalid_client' || err.oauthCode === 'unauthorized_client'))
    return new AppError(
      'INTERNAL',
      'MICROSOFT_CLIENT_REJECTED',
      "Microsoft rejected this server's app credentials; an operator must check MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET.",
    );
  return new AppError(
    'UPSTREAM_UNAVAILABLE',
    'MICROSOFT_UNAVAILABLE',
    'Microsoft could not be reached or answered with an error; try again in a few minutes.',
  );
}

function consentError(err: unknown): AppError {
  if (appNotInTenant(err))
    return new AppError(
      'BAD_USER_INPUT',
      'MICROSOFT_ADMIN_CONSENT_REQUIRED',
      'Layer was not granted access to your organisation: an administrator must consent. Click Connect again signed in as a ' +
        'Global Administrator (or a Privileged Role or Cloud Application Administrator) and accept on behalf of your organisation.',
    );
  return new AppError(
    'UPSTREAM_UNAVAILABLE',
    'MICROSOFT_UNAVAILABLE',
    'Microsoft Graph could not be reached or answered with an error while naming your organisation; try again in a few minutes.',
  );
}
