import { consentPage } from './consent-page';
import { json, oauthError, type Reply, type Req } from './http';
import { idToken } from './id-token';
import type { Directory } from './state';
import type { Tokens } from './tokens';

/** What a consent produces: who (an admin or an employee of which customer), which scopes, for which callback. */
export interface Consent {
  customerId: string;
  admin: boolean;
  redirectUri: string;
  scopes?: string[];
  offline?: boolean;
  consent?: boolean;
}

const DEFAULT_SCOPES = [
  'openid',
  'email',
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.domain.readonly',
];

/** The OAuth half of the stand-in: consent page, token (code and refresh grants, client_secret_post), revoke. */
export class OAuthRoutes {
  constructor(
    private readonly directory: Directory,
    private readonly tokens: Tokens,
    private readonly client: { id: string; secret: string; redirectUris?: string[] },
  ) {}

  /** GET /o/oauth2/v2/auth: Google's checks in its order, then the consent page. */
  authorizePage(req: Req): Reply {
    const q = req.query;
    const page = (status: number, text: string): Reply => ({ status, raw: `<!doctype html><h1>Error ${status}: ${text}</h1>` });
    if (q.get('client_id') !== this.client.id) return page(401, 'invalid_client');
    const redirect = q.get('redirect_uri') ?? '';
    if (!this.redirectAllowed(redirect)) return page(400, 'redirect_uri_mismatch');
    if (q.get('response_type') !== 'code') return page(400, 'unsupported_response_type');
    if (!q.get('scope')?.trim()) return page(400, 'invalid_request (Missing required parameter: scope)');
    return { status: 200, raw: consentPage(q, [...this.directory.customers.values()]) };
  }

  /** POST of the consent form: a code, or `error=access_denied`, back to the redirect URI with the state. */
  decision(req: Req): Reply {
    const form = new URLSearchParams(req.body);
    const redirectUri = form.get('redirect_uri') ?? '';
    if (!this.redirectAllowed(redirectUri)) return { status: 400, raw: '<!doctype html><h1>Error 400: redirect_uri_mismatch</h1>' };
    const target = new URL(redirectUri);
    const state = form.get('state');
    const decision = form.get('decision');
    if (decision !== 'admin' && decision !== 'member') {
      target.search = new URLSearchParams({ error: 'access_denied', ...(state ? { state } : {}) }).toString();
    } else {
      const code = this.authorize({
        customerId: form.get('customer_id') ?? '',
        admin: decision === 'admin',
        redirectUri,
        scopes: (form.get('scope') ?? '').split(' ').filter(Boolean),
        offline: form.get('access_type') === 'offline',
        consent: (form.get('prompt') ?? '').split(' ').includes('consent'),
      });
      target.search = new URLSearchParams({ code, ...(state ? { state } : {}), scope: form.get('scope') ?? '' }).toString();
    }
    return { status: 302, headers: { location: target.toString() } };
  }

  /** What clicking Allow does; tests call it directly. The consenting user is the first admin, or the first employee. */
  authorize(c: Consent): string {
    const customer = this.directory.customer(c.customerId);
    const user = customer.users.find((u) => u.isAdmin === c.admin && !u.suspended);
    if (!user) throw new Error(`Customer ${c.customerId} has no ${c.admin ? 'admin' : 'non-admin'} user to consent`);
    const grant = { customerId: customer.id, userId: user.id, scopes: c.scopes ?? DEFAULT_SCOPES };
    return this.tokens.code(grant, c.redirectUri, c.offline ?? true, c.consent ?? true);
  }

  /** POST /token: authorization_code and refresh_token grants. */
  token(req: Req): Reply {
    const form = new URLSearchParams(req.body);
    if (!this.clientOk(req, form)) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const redeemed = this.tokens.redeem(form.get('code') ?? '', form.get('redirect_uri') ?? '');
      if (redeemed === 'mismatch') return oauthError(400, 'redirect_uri_mismatch', 'Bad Request');
      if (!redeemed) return oauthError(400, 'invalid_grant', 'Malformed auth code.');
      const { grant, refreshToken } = redeemed;
      const access = this.tokens.issue(grant);
      const customer = this.directory.customer(grant.customerId);
      const user = customer.users.find((u) => u.id === grant.userId);
      const hd = customer.domains.find((d) => d.isPrimary)?.domainName ?? null;
      const id =
        grant.scopes.includes('openid') && user
          ? { id_token: idToken({ aud: this.client.id, sub: user.id, email: user.primaryEmail, hd }) }
          : {};
      const body = {
        access_token: access.token,
        expires_in: access.expiresIn,
        ...(refreshToken ? { refresh_token: refreshToken } : {}),
        scope: grant.scopes.join(' '),
        token_type: 'Bearer',
        ...id,
      };
      return { ...json(200, body, { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' }), customerId: grant.customerId };
    }
    if (grantType === 'refresh_token') {
      const grant = this.tokens.byRefresh(form.get('refresh_token') ?? '');
      if (!grant) return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
      const access = this.tokens.issue(grant);
      // Google keeps the refresh token: none in the reply.
      return {
        ...json(200, { access_token: access.token, expires_in: access.expiresIn, scope: grant.scopes.join(' '), token_type: 'Bearer' }),
        customerId: grant.customerId,
      };
    }
    return oauthError(400, 'unsupported_grant_type', 'Invalid grant_type: ' + (grantType ?? ''));
  }

  /** POST /revoke?token=…: either token of a grant ends the grant. */
  revoke(req: Req): Reply {
    const token = req.query.get('token') ?? new URLSearchParams(req.body).get('token') ?? '';
    return this.tokens.revoke(token) ? json(200, {}) : oauthError(400, 'invalid_token', 'Token expired or revoked');
  }

  private redirectAllowed(uri: string): boolean {
    if (this.client.redirectUris) return this.client.redirectUris.includes(uri);
    return /^https?:\/\//.test(uri);
  }

  private clientOk(req: Req, form: URLSearchParams): boolean {
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (basic) return Buffer.from(basic[1], 'base64').toString('utf8') === `${this.client.id}:${this.client.secret}`;
    return form.get('client_id') === this.client.id && form.get('client_secret') === this.client.secret;
  }
}
