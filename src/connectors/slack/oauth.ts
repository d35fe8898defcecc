import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { ConnectorOAuth, Grant } from '../connector';
import { type Observe, type RunBounds, slackFor } from './client';
import { getTeam } from './get';
import type { SlackSettings } from './settings';
import { SlackApiError } from './slack-errors';

/** The bot scopes Layer asks for: members, their addresses, the workspace (sheet §1). */
export const BOT_SCOPES = ['users:read', 'users:read.email', 'team:read'];

/** What no run bounds (a code exchange, a revoke): two minutes, and any signal given. */
const stepBounds = (signal?: AbortSignal): RunBounds => ({ signal, deadline: Date.now() + 2 * 60_000 });

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/**
 * Slack's OAuth v2 install through @slack/web-api (oauth.v2.access, auth.revoke). With token rotation on, the
 * bot token (`xoxe.xoxb-…`) expires in 12 hours and comes with a refresh token; an expired one answers
 * `token_expired`, which the core reads as unauthorized: it refreshes once and stores the new pair (Slack
 * revokes the old refresh token). Without rotation the bot token never expires and no refresh token exists.
 */
export class SlackOAuth implements ConnectorOAuth {
  readonly defaultRedirectUri: string;

  constructor(
    private readonly settings: SlackSettings,
    private readonly observe: Observe,
    private readonly logger: Logger,
  ) {
    this.defaultRedirectUri = settings.redirectUri;
  }

  /** The install URL: bot scopes comma-separated, no user scopes; the same redirect_uri goes to oauth.v2.access. */
  authorizationUrl(state: string, redirectUri: string): string {
    const q = new URLSearchParams({
      client_id: this.settings.clientId,
      scope: BOT_SCOPES.join(','),
      user_scope: '',
      redirect_uri: redirectUri,
      state,
    });
    return `${this.settings.authorizeUrl}?${q.toString()}`;
  }

  /** Trades the code for the bot token, then names the workspace (team.info) with it. */
  async exchangeCode(code: string, redirectUri: string): Promise<Grant> {
    const s = this.settings;
    const r = await slackFor(s, undefined, this.observe, stepBounds())
      .call('oauth.v2.access', { client_id: s.clientId, client_secret: s.clientSecret, code, redirect_uri: redirectUri })
      .catch((err: unknown) => {
        throw codeError(err);
      });
    if (r.is_enterprise_install === true)
      throw new AppError(
        'BAD_USER_INPUT',
        'SLACK_ORG_INSTALL',
        'Layer was installed on a whole Enterprise Grid organisation; install it into one workspace instead (one connection per workspace).',
      );
    const accessToken = str(r.access_token);
    if (!accessToken || r.token_type !== 'bot')
      throw new AppError(
        'UPSTREAM_UNAVAILABLE',
        'SLACK_BAD_RESPONSE',
        'Slack answered the install without a bot token; try connecting again.',
      );
    const app = await getTeam(slackFor(s, accessToken, this.observe, stepBounds())).catch((err: unknown) => {
      if (err instanceof SlackApiError && err.code === 'missing_scope')
        throw new AppError(
          'BAD_USER_INPUT',
          'SLACK_SCOPE_MISSING',
          `The installation did not grant ${err.needed ?? 'team:read'}, which Layer needs to name your workspace; install again and allow every permission.`,
        );
      throw new AppError(
        'UPSTREAM_UNAVAILABLE',
        'SLACK_UNAVAILABLE',
        'Slack could not be reached or answered with an error while naming your workspace; try again in a few minutes.',
      );
    });
    // The grant's own list of scopes is authoritative; a partial grant shows here (and on the app) before any sync.
    const granted =
      str(r.scope)
        ?.split(',')
        .map((x) => x.trim()) ?? null;
    if (granted) app.attributes = { ...app.attributes, grantedScopes: granted, emailScope: granted.includes('users:read.email') };
    return { accessToken, refreshToken: str(r.refresh_token), app, ownerEmail: null };
  }

  /** A new bot token for a rotation refresh token; Slack sends a new refresh token too, and revokes the old one. */
  async refresh(refreshToken: string, signal?: AbortSignal): Promise<Omit<Grant, 'app' | 'ownerEmail'>> {
    const s = this.settings;
    const r = await slackFor(s, undefined, this.observe, stepBounds(signal)).call('oauth.v2.access', {
      client_id: s.clientId,
      client_secret: s.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    const accessToken = str(r.access_token);
    if (!accessToken) throw new SlackApiError(200, 'malformed');
    return { accessToken, refreshToken: str(r.refresh_token) };
  }

  /** auth.revoke with the token; a token Slack already refuses counts as revoked. Best effort. */
  async revoke(token: string): Promise<boolean> {
    try {
      const r = await slackFor(this.settings, token, this.observe, stepBounds()).call('auth.revoke');
      return r.revoked === true;
    } catch (err) {
      if (err instanceof SlackApiError && ['invalid_auth', 'token_revoked', 'account_inactive'].includes(err.code)) return true;
      this.logger.warn(
        { error: err instanceof SlackApiError ? err.message : 'unknown' },
        'Slack token revocation failed; the token is deleted locally anyway',
      );
      return false;
    }
  }
}

function codeError(err: unknown): AppError {
  const code = err instanceof SlackApiError ? err.code : null;
  if (code === 'invalid_code' || code === 'bad_redirect_uri' || code === 'code_already_used' || code === 'code_expired')
    return new AppError(
      'BAD_USER_INPUT',
      'OAUTH_CODE_REJECTED',
      'Slack rejected the authorization code (expired, already used, or for another callback); click Connect to start again.',
    );
  if (code === 'invalid_client_id' || code === 'bad_client_secret' || code === 'invalid_client')
    return new AppError(
      'INTERNAL',
      'SLACK_CLIENT_REJECTED',
      "Slack rejected this server's app credentials; an operator must check SLACK_CLIENT_ID and SLACK_CLIENT_SECRET.",
    );
  return new AppError(
    'UPSTREAM_UNAVAILABLE',
    'SLACK_UNAVAILABLE',
    'Slack could not be reached or answered with an error; try again in a few minutes.',
  );
}
