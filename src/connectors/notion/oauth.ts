import { isNotionClientError, UnknownHTTPResponseError } from '@notionhq/client';
import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { ConnectorOAuth, Grant } from '../connector';
import { notionClient, type NotionSettings } from './notion.client';

/** Notion's OAuth endpoints (token, revoke) through the SDK, with their OAuth-shaped errors made readable. */
export class NotionOAuth implements ConnectorOAuth {
  constructor(
    private readonly settings: NotionSettings,
    private readonly logger: Logger,
  ) {}

  /** The callback registered in Notion (NOTION_REDIRECT_URI). */
  get defaultRedirectUri(): string {
    return this.settings.redirectUri;
  }

  /** The URL the browser goes to; Notion shows its own workspace and page pickers there. */
  authorizationUrl(state: string, redirectUri: string): string {
    const url = new URL(this.settings.authorizeUrl);
    url.search = new URLSearchParams({
      client_id: this.settings.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      owner: 'user',
      state,
    }).toString();
    return url.toString();
  }

  /** Exchanges a temporary code for the grant (POST /v1/oauth/token, Basic auth). */
  async exchangeCode(code: string, redirectUri: string): Promise<Grant> {
    return this.token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }, 'OAUTH_CODE_REJECTED');
  }

  /** Trades a refresh token for a new pair; Notion rotates both, so the caller must store both. */
  async refresh(refreshToken: string, signal?: AbortSignal): Promise<Grant> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken }, 'REFRESH_REJECTED', signal);
  }

  /** Revokes a token at Notion; best effort, since the token is deleted locally either way. */
  async revoke(token: string): Promise<boolean> {
    try {
      await notionClient(this.settings, this.logger).oauth.revoke({ token, ...this.clientAuth() });
      return true;
    } catch (err) {
      this.logger.warn({ err: describe(err) }, 'Notion token revocation failed; the token is deleted locally anyway');
      return false;
    }
  }

  private async token(
    body: { grant_type: 'authorization_code'; code: string; redirect_uri: string } | { grant_type: 'refresh_token'; refresh_token: string },
    rejectedReason: string,
    signal?: AbortSignal,
  ): Promise<Grant> {
    let response: Record<string, unknown>;
    try {
      const client = notionClient(this.settings, this.logger, undefined, undefined, signal);
      response = (await client.oauth.token({ ...body, ...this.clientAuth() })) as Record<string, unknown>;
    } catch (err) {
      throw oauthError(err, rejectedReason);
    }
    return parseGrant(response);
  }

  private clientAuth() {
    return { client_id: this.settings.clientId, client_secret: this.settings.clientSecret };
  }
}

/** Validates the token response; Notion answering garbage is an upstream fault, not a crash. */
export function parseGrant(r: Record<string, unknown>): Grant {
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  const accessToken = str(r.access_token);
  const botId = str(r.bot_id);
  const workspaceId = str(r.workspace_id);
  if (!accessToken || !botId || !workspaceId) {
    throw new AppError(
      'UPSTREAM_UNAVAILABLE',
      'NOTION_BAD_RESPONSE',
      'Notion answered the token request with an unexpected body; try connecting again.',
    );
  }
  return {
    accessToken,
    refreshToken: str(r.refresh_token),
    app: { id: workspaceId, name: str(r.workspace_name), iconUrl: str(r.workspace_icon), attributes: { botId } },
    ownerEmail: str(ownerPerson(r.owner)?.email),
  };
}

/** `owner.user.person` of a user-owned grant, if the response has that shape. */
function ownerPerson(owner: unknown): Record<string, unknown> | null {
  const o = owner as { type?: unknown; user?: { person?: unknown } } | null;
  const person = o && typeof o === 'object' && o.type === 'user' ? o.user?.person : null;
  return person && typeof person === 'object' ? (person as Record<string, unknown>) : null;
}

function oauthError(err: unknown, rejectedReason: string): AppError {
  if (err instanceof AppError) return err;
  if (UnknownHTTPResponseError.isUnknownHTTPResponseError(err)) {
    const oauthCode = safeJson(err.body)?.error;
    if (err.status === 400 && oauthCode === 'invalid_grant') {
      return new AppError(
        'BAD_USER_INPUT',
        rejectedReason,
        'Notion rejected the authorization code (expired or already used); click Connect to start again.',
      );
    }
    if (err.status === 401 && oauthCode === 'invalid_client') {
      return new AppError(
        'INTERNAL',
        'NOTION_CLIENT_REJECTED',
        "Notion rejected this server's OAuth client credentials; an operator must check NOTION_CLIENT_ID and NOTION_CLIENT_SECRET.",
      );
    }
  }
  if (isNotionClientError(err) && 'status' in err && err.status === 400) {
    return new AppError('BAD_USER_INPUT', rejectedReason, 'Notion rejected the authorization request; click Connect to start again.');
  }
  return new AppError(
    'UPSTREAM_UNAVAILABLE',
    'NOTION_UNAVAILABLE',
    'Notion could not be reached or answered with an error; try again in a few minutes.',
  );
}

function safeJson(text: string): { error?: string } | null {
  try {
    return JSON.parse(text) as { error?: string };
  } catch {
    return null;
  }
}

/** A log-safe description of an error (never the request that carried a token). */
export function describe(err: unknown): { name?: string; code?: string; status?: number; message: string } {
  if (err instanceof Error) {
    const e = err as Error & { code?: string; status?: number };
    return { name: e.name, code: e.code, status: e.status, message: e.message };
  }
  return { message: String(err) };
}
