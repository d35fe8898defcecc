import { OAuth2Client } from 'google-auth-library';
import { decodeJwt } from 'jose';
import { isUsableEmail, normaliseEmail } from '../../identity/email';
import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { ConnectorOAuth, Grant } from '../connector';
import { describeCustomer } from './app';
import { directory } from './client';
import { GoogleTokenError, toTokenError } from './google-errors';
import type { GoogleSettings } from './settings';
import { observedFetch, type TransportHooks } from './transport';

/** What Layer asks for: who consented (openid, email) and a read-only view of users and domains. */
export const SCOPES = [
  'openid',
  'email',
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.domain.readonly',
];

/** Google's OAuth through google-auth-library's OAuth2Client, pointed at GOOGLE_*_URL (the stand-in in tests). */
export class GoogleOAuth implements ConnectorOAuth {
  readonly defaultRedirectUri: string;

  constructor(
    private readonly settings: GoogleSettings,
    private readonly hooks: TransportHooks,
    private readonly logger: Logger,
  ) {
    this.defaultRedirectUri = settings.redirectUri;
  }

  /** The consent URL: offline access and a forced consent, so every grant comes with a refresh token. */
  authorizationUrl(state: string, redirectUri: string): string {
    return this.client(redirectUri).generateAuthUrl({ access_type: 'offline', prompt: 'consent', scope: SCOPES, state });
  }

  /** Trades the code for tokens, reads who consented from the ID token, then names the customer. */
  async exchangeCode(code: string, redirectUri: string): Promise<Grant> {
    let tokens;
    try {
      ({ tokens } = await this.client(redirectUri).getToken({ code, redirect_uri: redirectUri }));
    } catch (err) {
      throw codeError(toTokenError(err));
    }
    if (!tokens.access_token)
      throw new AppError(
        'UPSTREAM_UNAVAILABLE',
        'GOOGLE_BAD_RESPONSE',
        'Google answered the token request without an access token; try connecting again.',
      );
    const id = readIdToken(tokens.id_token);
    if (!id.hd)
      throw new AppError(
        'BAD_USER_INPUT',
        'GOOGLE_NOT_WORKSPACE',
        "The Google account that consented does not belong to a Google Workspace; connect with an administrator of your company's Workspace.",
      );
    const dir = directory(this.settings, tokens.access_token, this.hooks);
    const app = await describeCustomer(dir, { id: id.hd, domain: id.hd }).catch(() => {
      throw new AppError(
        'UPSTREAM_UNAVAILABLE',
        'GOOGLE_UNAVAILABLE',
        "Google's directory could not be reached or answered with an error; try again in a few minutes.",
      );
    });
    return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? null, app, ownerEmail: id.email };
  }

  /** A new access token for the refresh token. Google keeps the refresh token, so none is returned (the core keeps its own). */
  async refresh(refreshToken: string, signal?: AbortSignal): Promise<Omit<Grant, 'app' | 'ownerEmail'>> {
    const client = this.client(this.settings.redirectUri, signal);
    client.setCredentials({ refresh_token: refreshToken });
    try {
      const { credentials } = await client.refreshAccessToken();
      if (!credentials.access_token) throw new GoogleTokenError(200, null);
      return { accessToken: credentials.access_token, refreshToken: null };
    } catch (err) {
      throw err instanceof GoogleTokenError ? err : toTokenError(err);
    }
  }

  /** Revokes the grant at Google (either token ends it); best effort, the token is deleted locally anyway. */
  async revoke(token: string): Promise<boolean> {
    try {
      await this.client(this.settings.redirectUri).revokeToken(token);
      return true;
    } catch (err) {
      // Only the status: the error's config holds the URL, whose query string is the token.
      this.logger.warn({ status: toTokenError(err).status }, 'Google token revocation failed; the token is deleted locally anyway');
      return false;
    }
  }

  /** An OAuth client whose every request (retries included) carries `signal` when given: a run's deadline. */
  private client(redirectUri: string, signal?: AbortSignal): OAuth2Client {
    const s = this.settings;
    return new OAuth2Client({
      clientId: s.clientId,
      clientSecret: s.clientSecret,
      redirectUri,
      endpoints: { oauth2AuthBaseUrl: s.authorizeUrl, oauth2TokenUrl: s.tokenUrl, oauth2RevokeUrl: s.revokeUrl },
      transporterOptions: { timeout: s.timeoutMs, fetchImplementation: observedFetch({ observe: this.hooks.observe, signal }, s) },
    });
  }
}

/**
 * The ID token's `email` and `hd`, read without a signature check: it came straight from Google's token
 * endpoint over TLS, which OpenID Connect Core 3.1.3.7 accepts in place of validating the signature.
 */
export function readIdToken(idToken: string | null | undefined): { email: string | null; hd: string | null } {
  if (!idToken) return { email: null, hd: null };
  try {
    const claims = decodeJwt(idToken);
    const email = typeof claims.email === 'string' && isUsableEmail(normaliseEmail(claims.email)) ? normaliseEmail(claims.email) : null;
    const hd = typeof claims.hd === 'string' && claims.hd.trim() ? claims.hd.trim().normalize('NFC').toLowerCase() : null;
    return { email, hd };
  } catch {
    return { email: null, hd: null };
  }
}

function codeError(err: GoogleTokenError): AppError {
  if (err.oauthCode === 'invalid_grant' || err.oauthCode === 'redirect_uri_mismatch') {
    return new AppError(
      'BAD_USER_INPUT',
      'OAUTH_CODE_REJECTED',
      'Google rejected the authorization code (expired, already used, or for another callback); click Connect to start again.',
    );
  }
  if (err.oauthCode === 'invalid_client') {
    return new AppError(
      'INTERNAL',
      'GOOGLE_CLIENT_REJECTED',
      "Google rejected this server's OAuth client credentials; an operator must check GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET.",
    );
  }
  return new AppError(
    'UPSTREAM_UNAVAILABLE',
    'GOOGLE_UNAVAILABLE',
    'Google could not be reached or answered with an error; try again in a few minutes.',
  );
}
