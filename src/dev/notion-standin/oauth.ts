import { randomUUID } from 'node:crypto';
import { consentPage } from './consent-page';
import { json, oauthError, type Reply, type Req } from './http';
import type { Capability, SandboxState } from './state';

/** The OAuth half of the stand-in: consent page, token (code and refresh grants), revoke, introspect. */
export class OAuthRoutes {
  constructor(
    private readonly state: SandboxState,
    private readonly clientId: string,
    private readonly clientSecret: string,
  ) {}

  authorizePage(req: Req): Reply {
    if (req.query.get('client_id') !== this.clientId || !req.query.get('redirect_uri')) {
      return { status: 400, raw: '<!doctype html><p>Invalid client_id or missing redirect_uri.</p>' };
    }
    return { status: 200, raw: consentPage(req.query, [...this.state.workspaces.values()]) };
  }

  decision(req: Req): Reply {
    const form = new URLSearchParams(req.body);
    const target = new URL(form.get('redirect_uri') ?? '');
    const state = form.get('state') ?? '';
    if (form.get('decision') !== 'allow') {
      target.search = new URLSearchParams({ error: 'access_denied', state }).toString();
    } else {
      const code = this.state.authorize(
        form.get('workspace_id') ?? '',
        (form.get('capability') ?? 'email') as Capability,
        target.toString(),
      );
      target.search = new URLSearchParams({ code, state }).toString();
    }
    return { status: 302, headers: { location: target.toString() } };
  }

  token(req: Req, body: Record<string, unknown>): Reply {
    if (!this.clientOk(req)) return oauthError(401, 'invalid_client', 'Client authentication failed.');
    let wsId: string | undefined;
    if (body.grant_type === 'authorization_code') {
      const grant = this.state.redeem(String(body.code ?? ''), body.redirect_uri === undefined ? undefined : String(body.redirect_uri));
      if (!grant) return oauthError(400, 'invalid_grant', 'Invalid code.');
      wsId = grant.workspaceId;
      this.state.workspace(wsId).capability = grant.capability;
    } else if (body.grant_type === 'refresh_token') {
      const token = String(body.refresh_token ?? '');
      wsId = this.state.refresh.get(token);
      if (!wsId) return oauthError(400, 'invalid_grant', 'Invalid refresh token.');
      // Rotation: the old pair stops working.
      this.state.refresh.delete(token);
      for (const [t, w] of this.state.access) if (w === wsId) this.state.access.delete(t);
    } else {
      return oauthError(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token.');
    }
    const ws = this.state.workspace(wsId);
    const pair = this.state.issue(ws.id);
    return {
      ...json(200, {
        access_token: pair.access,
        token_type: 'bearer',
        refresh_token: pair.refresh,
        bot_id: ws.botId,
        workspace_id: ws.id,
        workspace_name: ws.name,
        workspace_icon: ws.icon,
        owner: {
          type: 'user',
          user: {
            object: 'user',
            id: randomUUID(),
            name: 'Workspace Admin',
            avatar_url: null,
            type: 'person',
            person: { email: ws.adminEmail },
          },
        },
        duplicated_template_id: null,
        request_id: randomUUID(),
      }),
      workspaceId: ws.id,
    };
  }

  revoke(req: Req, body: Record<string, unknown>): Reply {
    if (!this.clientOk(req)) return oauthError(401, 'invalid_client', 'Client authentication failed.');
    const token = String(body.token ?? '');
    const wsId = this.state.access.get(token) ?? this.state.refresh.get(token);
    this.state.access.delete(token);
    this.state.refresh.delete(token);
    return { ...json(200, { request_id: randomUUID() }), workspaceId: wsId };
  }

  introspect(req: Req, body: Record<string, unknown>): Reply {
    if (!this.clientOk(req)) return oauthError(401, 'invalid_client', 'Client authentication failed.');
    const active = this.state.bearer(String(body.token ?? '')) !== null;
    return json(
      200,
      active ? { active, iat: Math.floor(Date.now() / 1000), request_id: randomUUID() } : { active, request_id: randomUUID() },
    );
  }

  private clientOk(req: Req): boolean {
    const m = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    return !!m && Buffer.from(m[1], 'base64').toString('utf8') === `${this.clientId}:${this.clientSecret}`;
  }
}
