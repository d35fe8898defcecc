import { json, type Reply, type Req, restError } from './http';
import type { World } from './state';
import type { Tokens } from './tokens';

/** The app as registered on the stand-in. */
export interface AppRegistration {
  appId: string;
  slug: string;
  clientId: string;
  clientSecret: string;
  /** The app's PEM private key: the stand-in verifies JWTs with its public half. */
  privateKey: string;
  /** The app's first callback URL: GitHub redirects there after an install with user authorization (sheet §1). */
  callbackUrl: string;
}

/** Who installs on which organisation; `state` is echoed. */
export interface InstallRequest {
  org: string;
  login: string;
  state?: string;
}

/** What the callback brings (sheet §2): no installation_id when a non-owner only requested the install. */
export interface InstallCallback {
  installationId: string | null;
  setupAction: 'install' | 'request';
  code: string;
  state: string | null;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The install page, the install decision, and the OAuth half (code → user token, token deletion). */
export class InstallRoutes {
  constructor(
    private readonly world: World,
    private readonly tokens: Tokens,
    private readonly app: AppRegistration,
  ) {}

  /**
   * Installing as `login`: an owner installs (or re-configures: `update`) at once; anyone else only requests it
   * (`setup_action=request`, no installation). Either way the user authorized the app, so a code comes (NC).
   */
  install(r: InstallRequest): InstallCallback {
    const org = this.world.org(r.org);
    const user = [...this.world.users.values()].find((u) => u.login === r.login);
    if (!user) throw new Error(`no user ${r.login} in the stand-in`);
    const owner = org.members.some((m) => m.userId === user.id && m.role === 'ADMIN');
    const code = this.tokens.code(user.id);
    if (!owner) return { installationId: null, setupAction: 'request', code, state: r.state ?? null };
    const inst = org.installation && !org.installation.removed ? org.installation : this.world.install(org.login);
    return { installationId: String(inst.id), setupAction: 'install', code, state: r.state ?? null };
  }

  /** The callback URL GitHub redirects the browser to. */
  callbackUrl(cb: InstallCallback): string {
    const url = new URL(this.app.callbackUrl);
    if (cb.installationId) url.searchParams.set('installation_id', cb.installationId);
    url.searchParams.set('setup_action', cb.setupAction);
    url.searchParams.set('code', cb.code);
    if (cb.state) url.searchParams.set('state', cb.state);
    return url.toString();
  }

  page(req: Req): Reply {
    const state = req.query.get('state') ?? '';
    const orgs = [...this.world.orgs.values()].map((o) => `<option>${escape(o.login)}</option>`).join('');
    return {
      status: 200,
      raw: `<!doctype html><title>Install ${escape(this.app.slug)}</title><h1>Install ${escape(this.app.slug)}</h1>
<form method="post" action="/apps/${escape(this.app.slug)}/installations/new/decision">
<input type="hidden" name="state" value="${escape(state)}">
<label>Organisation <select name="org">${orgs}</select></label>
<label>Signed in as <input name="login"></label>
<button type="submit">Install &amp; Authorize</button></form>`,
    };
  }

  decision(req: Req): Reply {
    const form = new URLSearchParams(req.body);
    try {
      const cb = this.install({ org: form.get('org') ?? '', login: form.get('login') ?? '', state: form.get('state') ?? undefined });
      return { status: 302, raw: '', headers: { location: this.callbackUrl(cb) } };
    } catch (err) {
      return { status: 404, raw: `<p>${escape((err as Error).message)}</p>` };
    }
  }

  /** `POST /login/oauth/access_token`: errors in an HTTP 200 body (sheet §2); JSON or form-encoded as asked. */
  accessToken(req: Req): Reply {
    const body: Record<string, string> = req.headers['content-type']?.includes('json')
      ? (JSON.parse(req.body || '{}') as Record<string, string>)
      : Object.fromEntries(new URLSearchParams(req.body));
    const asJson = req.headers.accept?.includes('json');
    const answer = (fields: Record<string, string | number>): Reply =>
      asJson
        ? json(200, fields)
        : {
            status: 200,
            raw: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          };
    if (body.client_id !== this.app.clientId || body.client_secret !== this.app.clientSecret)
      return answer({
        error: 'incorrect_client_credentials',
        error_description: 'The client_id and/or client_secret passed are incorrect.',
      });
    const userId = this.tokens.redeem(body.code ?? '');
    if (userId === null) return answer({ error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' });
    const t = this.tokens.issue({ kind: 'user', userId }, 'ghu_', 28800);
    return answer({
      access_token: t.token,
      expires_in: 28800,
      refresh_token: `ghr_${t.token.slice(4)}`,
      refresh_token_expires_in: 15811200,
      scope: '',
      token_type: 'bearer',
    });
  }

  /** `DELETE /applications/{client_id}/token` with Basic client credentials: 204. */
  deleteToken(req: Req, clientId: string): Reply {
    const basic = /^basic\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [id, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    if (clientId !== this.app.clientId || id !== this.app.clientId || secret !== this.app.clientSecret) return restError(404, 'Not Found');
    const token = (JSON.parse(req.body || '{}') as { access_token?: string }).access_token ?? '';
    return this.tokens.delete(token) ? { status: 204, raw: '' } : restError(404, 'Not Found');
  }
}
