import { timingSafeEqual } from 'node:crypto';
import { aadError, json, page, type Reply, type Req } from './http';
import { clientInfo, idToken } from './id-token';
import { APP_PERMISSIONS, type Tenants } from './state';
import type { Tokens } from './tokens';

/** Who clicked what on the consent page: an admin (consents for the organisation), a member (cannot), or Cancel. */
export interface Consent {
  tenantId: string;
  /** A Global Administrator consents for the whole organisation; anyone else only signs in. */
  admin: boolean;
  redirectUri: string;
  /** The permissions the admin grants (default: every one the app asks for). */
  permissions?: string[];
}

/** What the app is registered as at the stand-in: one multi-tenant app (sheet §1). */
export interface AppRegistration {
  id: string;
  secret: string;
  /** Registered callbacks (exact match); any https/http URI when unset. */
  redirectUris?: string[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The identity platform half: OpenID metadata, the consent page, and the token endpoint (code and client credentials). */
export class OAuthRoutes {
  constructor(
    private readonly tenants: Tenants,
    private readonly tokens: Tokens,
    private readonly app: AppRegistration,
    private readonly base: () => string,
  ) {}

  /** GET /{tenant}/v2.0/.well-known/openid-configuration: what msal reads before its first request to an authority. */
  metadata(tenant: string): Reply {
    const b = this.base();
    const t = GUID.test(tenant) ? tenant : '{tenantid}';
    return json(200, {
      token_endpoint: `${b}/${tenant}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${b}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${b}/${t}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${b}/oidc/userinfo`,
      authorization_endpoint: `${b}/${tenant}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${b}/${tenant}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${b}/${tenant}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'oid'],
      kerberos_endpoint: `${b}/${tenant}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    });
  }

  /** GET /{tenant}/oauth2/v2.0/authorize: the platform's checks, then a sign-in and consent page. */
  authorizePage(req: Req): Reply {
    const q = req.query;
    if (q.get('client_id') !== this.app.id)
      return page(
        400,
        `<!doctype html><h1>AADSTS700016: Application with identifier '${esc(q.get('client_id') ?? '')}' was not found.</h1>`,
      );
    if (!this.redirectAllowed(q.get('redirect_uri') ?? ''))
      return page(400, '<!doctype html><h1>AADSTS50011: The redirect URI specified in the request does not match.</h1>');
    if (q.get('response_type') !== 'code') return page(400, '<!doctype html><h1>AADSTS900144: response_type must be code.</h1>');
    const keep = ['client_id', 'redirect_uri', 'scope', 'state'];
    const hidden = keep.map((k) => `<input type="hidden" name="${k}" value="${esc(q.get(k) ?? '')}">`).join('');
    const options = [...this.tenants.byId.values()].map((t) => `<option value="${esc(t.id)}">${esc(t.displayName)}</option>`).join('');
    return page(
      200,
      `<!doctype html><html><head><meta charset="utf-8"><title>Sign in to your account (stand-in)</title>
<style>body{font:15px system-ui;max-width:34rem;margin:3rem auto}button{margin:.3rem .5rem 0 0}</style></head>
<body><h1>Permissions requested</h1><p>This is the project's local Microsoft identity platform stand-in.</p>
<p>Layer (multi-tenant app) asks to read your organisation's users, domains, directory roles and sign-in activity.</p>
<form method="post" action="${esc(req.path)}/decision">${hidden}
<label>Organisation <select name="tenant_id">${options}</select></label><br>
<button name="decision" value="admin">Accept, on behalf of your organisation (Global Administrator)</button>
<button name="decision" value="member">Sign in as an employee (not an admin)</button>
<button name="decision" value="deny">Cancel</button>
</form></body></html>`,
    );
  }

  /** POST of the consent form: a code, or `error=access_denied`, back to the redirect URI with the state (no tenant). */
  decision(req: Req): Reply {
    const form = new URLSearchParams(req.body);
    const redirectUri = form.get('redirect_uri') ?? '';
    if (!this.redirectAllowed(redirectUri)) return page(400, '<!doctype html><h1>AADSTS50011: redirect URI mismatch</h1>');
    const target = new URL(redirectUri);
    const state = form.get('state');
    const decision = form.get('decision');
    const params: Record<string, string> =
      decision === 'admin' || decision === 'member'
        ? { code: this.authorize({ tenantId: form.get('tenant_id') ?? '', admin: decision === 'admin', redirectUri }), session_state: '0' }
        : {
            error: 'access_denied',
            error_description: 'AADSTS65004: User declined to consent to access the app.',
            error_uri: 'https://login.microsoftonline.com/error?code=65004',
          };
    target.search = new URLSearchParams({ ...params, ...(state ? { state } : {}) }).toString();
    return { status: 302, headers: { location: target.toString() } };
  }

  /**
   * What clicking on the consent page does. An admin's acceptance creates the app's service principal in the
   * tenant with the permissions granted; a member only signs in (the app stays unconsented unless an admin did).
   */
  authorize(c: Consent): string {
    const t = this.tenants.tenant(c.tenantId);
    const admins = t.users.filter((u) => t.globalAdmins.has(u.id));
    const user = c.admin ? admins[0] : t.users.find((u) => !t.globalAdmins.has(u.id) && u.userType === 'Member');
    if (!user) throw new Error(`Stand-in tenant ${t.id} has no ${c.admin ? 'Global Administrator' : 'member'} to sign in as`);
    if (c.admin) {
      t.consented = true;
      t.permissions = new Set(c.permissions ?? APP_PERMISSIONS);
    }
    return this.tokens.code({ tenantId: t.id, userId: user.id, redirectUri: c.redirectUri });
  }

  /** POST /{tenant}/oauth2/v2.0/token: authorization_code and client_credentials, client_secret_post or Basic. */
  token(req: Req, tenantSegment: string): Reply {
    const form = new URLSearchParams(req.body);
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent) : [];
    const clientId = form.get('client_id') ?? basicId ?? '';
    const secret = form.get('client_secret') ?? basicSecret ?? '';
    if (clientId !== this.app.id)
      return aadError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory.`);
    if (!same(secret, this.app.secret))
      return aadError(
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.',
      );
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') return this.codeGrant(form);
    if (grant === 'client_credentials') return this.clientCredentials(form, tenantSegment);
    return aadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant ?? ''}'.`);
  }

  private codeGrant(form: URLSearchParams): Reply {
    const pending = this.tokens.redeem(form.get('code') ?? '');
    if (!pending)
      return aadError(
        400,
        'invalid_grant',
        54005,
        'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
      );
    if (pending.redirectUri !== form.get('redirect_uri'))
      return aadError(400, 'invalid_grant', 50148, 'The redirect_uri does not match the one of the authorization request.');
    const t = this.tenants.tenant(pending.tenantId);
    const user = t.users.find((u) => u.id === pending.userId);
    if (!user) return aadError(400, 'invalid_grant', 50034, 'The user account does not exist in the directory.');
    const { token, expiresIn } = this.tokens.issue({ tenantId: t.id, appOnly: false, roles: [] });
    return json(200, {
      token_type: 'Bearer',
      scope: 'openid profile email https://graph.microsoft.com/User.Read',
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: token,
      refresh_token: `1.Ab${token.slice(-40)}`,
      id_token: idToken(this.base(), {
        aud: this.app.id,
        tid: t.id,
        oid: user.id,
        username: user.userPrincipalName,
        name: user.displayName ?? '',
      }),
      client_info: clientInfo(user.id, t.id),
    });
  }

  private clientCredentials(form: URLSearchParams, tenantSegment: string): Reply {
    if (!GUID.test(tenantSegment)) {
      return aadError(
        400,
        'invalid_request',
        90002,
        `Tenant '${tenantSegment}' not found: use a tenant id or domain for client credentials.`,
      );
    }
    const t = this.tenants.byId.get(tenantSegment);
    if (!t) return aadError(400, 'invalid_request', 90002, `Tenant '${tenantSegment}' not found.`);
    if (!(form.get('scope') ?? '').split(' ').some((s) => s.endsWith('/.default')))
      return aadError(
        400,
        'invalid_scope',
        1002012,
        'The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed.',
      );
    // No service principal: never consented, or an admin removed the app (sheet §2).
    if (!t.consented)
      return aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${this.app.id}' was not found in the directory '${t.id}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
      );
    const { token, expiresIn } = this.tokens.issue({ tenantId: t.id, appOnly: true, roles: [...t.permissions] });
    return json(200, { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token });
  }

  private redirectAllowed(uri: string): boolean {
    if (this.app.redirectUris) return this.app.redirectUris.includes(uri);
    try {
      return ['http:', 'https:'].includes(new URL(uri).protocol);
    } catch {
      return false;
    }
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
