import { json, type Reply, type Req, slackError as fail } from './http';
import type { SlackWorkspace, Workspaces } from './state';
import type { Tokens } from './tokens';

/** The Slack app the stand-in plays: its credentials, Redirect URLs, and whether token rotation is on. */
export interface SlackAppConfig {
  clientId: string;
  clientSecret: string;
  /** The app's Redirect URLs (exact match); any http(s) URL when unset. */
  redirectUris?: string[];
  /** Token rotation on: 12-hour `xoxe.xoxb-` tokens with refresh tokens (sheet §1). */
  tokenRotation?: boolean;
}

/** What an install produces: which workspace, which of the asked scopes were allowed, for which callback. */
export interface Install {
  teamId: string;
  redirectUri: string | null;
  /** Default: the three Layer asks for. */
  scopes?: string[];
}

const DEFAULT_SCOPES = ['users:read', 'users:read.email', 'team:read'];
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Slack's install screen, reduced: pick a workspace, allow (all scopes, or without e-mail addresses), or cancel. */
function installPage(q: URLSearchParams, workspaces: SlackWorkspace[]): string {
  const hidden = ['client_id', 'scope', 'redirect_uri', 'state']
    .map((k) => `<input type="hidden" name="${k}" value="${esc(q.get(k) ?? '')}">`)
    .join('');
  const options = workspaces.map((w) => `<option value="${esc(w.id)}">${esc(w.name)} (${esc(w.domain)}.slack.com)</option>`).join('');
  const scopes = (q.get('scope') ?? '')
    .split(',')
    .filter(Boolean)
    .map((s) => `<li><code>${esc(s)}</code></li>`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Slack (stand-in)</title>
<style>body{font:15px system-ui;max-width:34rem;margin:3rem auto}button{margin:.3rem .5rem 0 0}</style></head>
<body><h1>Layer is requesting permission to access a Slack workspace</h1><p>This is the project's local Slack stand-in.</p>
<ul>${scopes}</ul><form method="post" action="/oauth/v2/authorize/decision">${hidden}
<label>Workspace <select name="team">${options}</select></label><br>
<button name="decision" value="allow">Allow</button>
<button name="decision" value="no-email">Allow, but not e-mail addresses</button>
<button name="decision" value="deny">Cancel</button></form></body></html>`;
}

/** The OAuth half: install page, oauth.v2.access (code and refresh grants), auth.revoke, auth.test. */
export class OAuthRoutes {
  constructor(
    private readonly workspaces: Workspaces,
    private readonly tokens: Tokens,
    private readonly app: SlackAppConfig,
  ) {}

  /** GET /oauth/v2/authorize: Slack's checks, then the install page. */
  authorizePage(req: Req): Reply {
    const q = req.query;
    const page = (text: string): Reply => ({ status: 400, raw: `<!doctype html><h1>Something went wrong: ${esc(text)}</h1>` });
    if (q.get('client_id') !== this.app.clientId) return page('invalid_client_id');
    const redirect = q.get('redirect_uri');
    if (redirect !== null && !this.redirectAllowed(redirect)) return page('bad_redirect_uri');
    if (!q.get('scope')?.trim() && !q.get('user_scope')?.trim()) return page('invalid_scope');
    return { status: 200, raw: installPage(q, [...this.workspaces.all.values()]) };
  }

  /** POST of the install form: `?code&state`, or `?error=access_denied&state` (sheet §1). */
  decision(req: Req): Reply {
    const form = new URLSearchParams(req.body);
    const redirectUri = form.get('redirect_uri') || null;
    const target = new URL(redirectUri ?? this.app.redirectUris?.[0] ?? 'http://localhost/');
    const state = form.get('state');
    const decision = form.get('decision');
    if (decision === 'allow' || decision === 'no-email') {
      const asked = (form.get('scope') ?? '').split(',').filter(Boolean);
      const scopes = decision === 'allow' ? asked : asked.filter((s) => s !== 'users:read.email');
      const code = this.authorize({ teamId: form.get('team') ?? '', redirectUri, scopes });
      target.search = new URLSearchParams({ code, ...(state ? { state } : {}) }).toString();
    } else target.search = new URLSearchParams({ error: 'access_denied', ...(state ? { state } : {}) }).toString();
    return { status: 302, headers: { location: target.toString() } };
  }

  /** What clicking Allow does; tests call it directly. The installer is the workspace's primary owner. */
  authorize(i: Install): string {
    const ws = this.workspaces.get(i.teamId);
    const installer = ws.members.find((m) => m.is_primary_owner === true) ?? ws.members[0];
    return this.tokens.code({ teamId: ws.id, scopes: i.scopes ?? DEFAULT_SCOPES, installerId: installer.id }, i.redirectUri);
  }

  /** oauth.v2.access: client credentials in the form or HTTP Basic, then the code or the refresh grant. */
  access(req: Req, form: URLSearchParams): Reply {
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [id, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':') : [form.get('client_id'), form.get('client_secret')];
    if (id !== this.app.clientId) return fail('invalid_client_id');
    if (secret !== this.app.clientSecret) return fail('bad_client_secret');
    const grantType = form.get('grant_type');
    if (grantType === 'refresh_token') {
      const g = this.tokens.refresh(form.get('refresh_token') ?? '');
      return g ? this.tokenReply(g) : fail('invalid_refresh_token');
    }
    if (grantType && grantType !== 'authorization_code') return fail('invalid_grant_type');
    const c = this.tokens.redeem(form.get('code') ?? '');
    if (!c) return fail('invalid_code');
    if ((c.redirectUri ?? null) !== (form.get('redirect_uri') || null)) return fail('bad_redirect_uri');
    return this.tokenReply(c);
  }

  /** auth.revoke (`test=1`: a dry run). */
  revoke(token: string, form: URLSearchParams): Reply {
    if (form.get('test') !== '1' && form.get('test') !== 'true') this.tokens.revoke(token);
    return json(200, { ok: true, revoked: true });
  }

  /** auth.test: who the token is (java-slack-sdk's sample shape). */
  test(ws: SlackWorkspace): Reply {
    const bot = ws.members.find((m) => m.is_bot === true);
    return json(200, {
      ok: true,
      url: `https://${ws.domain}.slack.com/`,
      team: ws.name,
      user: bot?.name ?? 'layer',
      team_id: ws.id,
      user_id: bot?.id ?? null,
      bot_id: bot ? `B${bot.id.slice(1)}` : null,
      is_enterprise_install: false,
    });
  }

  private tokenReply(g: { teamId: string; scopes: string[]; installerId: string }): Reply {
    const ws = this.workspaces.get(g.teamId);
    const bot = ws.members.find((m) => m.is_bot === true);
    const t = this.tokens.issue(g, this.app.tokenRotation ?? false);
    return json(200, {
      ok: true,
      app_id: `A${this.app.clientId.replace(/\W/g, '').slice(0, 10).toUpperCase()}`,
      authed_user: { id: g.installerId },
      scope: g.scopes.join(','),
      token_type: 'bot',
      access_token: t.accessToken,
      bot_user_id: bot?.id ?? null,
      team: { id: ws.id, name: ws.name },
      enterprise: null,
      is_enterprise_install: false,
      ...(t.refreshToken ? { refresh_token: t.refreshToken, expires_in: t.expiresIn } : {}),
    });
  }

  private redirectAllowed(uri: string): boolean {
    if (this.app.redirectUris) return this.app.redirectUris.includes(uri);
    return /^https?:\/\//.test(uri);
  }
}
