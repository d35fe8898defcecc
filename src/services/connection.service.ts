import { type ConnectionRecord, ConnectionStatus } from '../connections/connection.model';
import type { ConnectionRepository } from '../connections/connection.repository';
import type { CredentialRepository } from '../connections/credential.repository';
import type { OAuthStateRepository } from '../connections/oauth-state.repository';
import { allowedRedirectUri } from '../connections/redirect-uri';
import type { CallbackParams, Connector, Grant } from '../connectors/connector';
import type { Connectors } from '../connectors/connectors';
import type { Graph } from '../graph/graph';
import { loadApp } from '../identity/app.writer';
import { appRefOf } from '../runs/sync-deps';
import { randomUUID } from 'node:crypto';
import { randomId } from '../lib/crypto';
import { purgeApp } from '../identity/purge';
import { afterPurge } from '../identity/directory-refresh';
import { AppError, notFound } from '../lib/errors';
import type { SyncRunRecord } from '../runs/sync-run.model';
import type { SyncLoop } from '../sync/sync-loop';
import type { TenantRepository } from '../tenants/tenant.repository';

/** What the frontend needs to send the browser to the provider's consent page. */
export interface Authorization {
  authorizationUrl: string;
  state: string;
  expiresAt: Date;
}

export const STATE_TTL_MS = 10 * 60 * 1000;

/** The connection lifecycle: connect, complete, reconnect, disconnect, sync now. Every call is tenant-scoped. */
export class ConnectionService {
  constructor(
    private readonly graph: Graph,
    private readonly connections: ConnectionRepository,
    private readonly credentials: CredentialRepository,
    private readonly states: OAuthStateRepository,
    private readonly connectors: Connectors,
    /** Only asks for runs (ADR 0015): where they run is the loop's business. */
    private readonly sync: Pick<SyncLoop, 'start' | 'request' | 'quiesce'>,
    private readonly tenants: TenantRepository,
  ) {}

  /** Starts a new authorization with a provider: a single-use state bound to the tenant and the provider, valid ten minutes. */
  async connect(
    tenantId: string,
    provider: string,
    redirectUri?: string | null,
    connectionId: string | null = null,
  ): Promise<Authorization> {
    const connector = this.connectors.get(provider);
    const uri = validRedirectUri(redirectUri, connector, this.connectors.redirectOrigins);
    const state = { id: randomId(32), tenantId, provider, redirectUri: uri, connectionId, expiresAt: new Date(Date.now() + STATE_TTL_MS) };
    await this.states.create(state);
    return { authorizationUrl: connector.oauth.authorizationUrl(state.id, uri), state: state.id, expiresAt: state.expiresAt };
  }

  /** Starts re-authorization of an existing connection; completing it must bring back the same remote app. */
  async reconnect(connection: ConnectionRecord, redirectUri?: string | null): Promise<Authorization> {
    return this.connect(connection.tenantId, connection.provider, redirectUri, connection.id);
  }

  /**
   * Consumes the state (which names the provider), exchanges the code, stores the connection and its tokens,
   * and starts the first sync. `provider`, when given, must be the state's (the provider-specific mutations).
   * `callback`: what else the provider's callback brought (an installation, its setup action), for the connector
   * (ADR 0020); an install only requested of the account's owners comes without a code, and the connector says so.
   */
  async complete(
    tenantId: string,
    code: string,
    stateId: string,
    error: string | null = null,
    provider: string | null = null,
    callback: CallbackParams = {},
  ): Promise<ConnectionRecord> {
    if (error !== null) {
      // The admin declined (or the provider failed) on the consent page: the pending authorization ends here.
      const ended = await this.states.consume(tenantId, stateId);
      const name = ended ? this.displayName(ended.provider) : 'the provider';
      if (error === 'access_denied') {
        throw new AppError(
          'BAD_USER_INPUT',
          'OAUTH_ACCESS_DENIED',
          `Access was not granted in ${name}; nothing changed. Click Connect to try again.`,
        );
      }
      throw new AppError(
        'BAD_USER_INPUT',
        'OAUTH_ERROR',
        `${name} ended the authorization with "${error.slice(0, 64)}"; nothing changed. Click Connect to try again.`,
      );
    }
    checkCallback(callback);
    if (!code.trim() && callback.setupAction !== 'request')
      throw new AppError('BAD_USER_INPUT', 'OAUTH_CODE_MISSING', 'The authorization code is empty; click Connect to start again.');
    const state = await this.states.consume(tenantId, stateId, provider);
    if (!state) {
      throw new AppError(
        'BAD_USER_INPUT',
        'OAUTH_STATE_INVALID',
        'This authorization is unknown or was already completed; click Connect to start again.',
      );
    }
    if (new Date(state.expiresAt).getTime() < Date.now()) {
      throw new AppError(
        'BAD_USER_INPUT',
        'OAUTH_STATE_EXPIRED',
        'This authorization expired (it is valid for 10 minutes); click Connect to start again.',
      );
    }
    const connector = this.connectors.get(state.provider);
    const grant = await connector.oauth.exchangeCode(code, state.redirectUri, callback);
    const connection = state.connectionId
      ? await this.reconnected(connector, tenantId, state.connectionId, grant)
      : await this.created(connector, tenantId, grant);
    await this.credentials.save(connection.id, { accessToken: grant.accessToken, refreshToken: grant.refreshToken });
    await loadApp(this.graph, appRefOf(connector, connection), connection.id, grant.app);
    await this.tenants.inferFrom(tenantId, grant.ownerEmail);
    await this.sync.request(connection, 'connect');
    return connection;
  }

  /**
   * Marks the connection DISCONNECTED (so no new sync starts), revokes the token at the provider and deletes it
   * here. Synced data stays as the last known state unless `purge`: then, once any run under way has ended, the
   * app, its accounts and their history go, and Users left with no account anywhere.
   */
  async disconnect(connection: ConnectionRecord, purge = false): Promise<ConnectionRecord> {
    const { tenantId, id: connectionId } = connection;
    const reason = purge ? 'Disconnected by an administrator; its synced data was purged.' : 'Disconnected by an administrator.';
    await this.connections.setStatus(connectionId, ConnectionStatus.DISCONNECTED, reason);
    const tokens = await this.credentials.load(connectionId).catch(() => null);
    // A deployment that no longer configures the provider cannot revoke; the token is deleted here either way.
    const connector = this.connectors.find(connection.provider);
    if (tokens && connector) await connector.oauth.revoke(tokens.accessToken);
    await this.credentials.delete(connectionId);
    if (purge) {
      await this.sync.quiesce(connectionId);
      await purgeApp(this.graph, tenantId, connection.provider, connection.workspaceId);
      await afterPurge(this.graph, tenantId);
    }
    return await this.require(tenantId, connectionId);
  }

  /**
   * Syncs now, or returns the run already under way (ADR 0015). `connection` is the caller's own, loaded by
   * (tenant, id) before anything else (so another tenant's id answers as a missing one); it must be CONNECTED,
   * of a configured provider. `force`: a run under way is returned and one more run follows it.
   */
  async syncNow(connection: ConnectionRecord, force = false): Promise<SyncRunRecord> {
    if (connection.status !== ConnectionStatus.CONNECTED) {
      throw new AppError('CONFLICT', 'CONNECTION_NOT_CONNECTED', `This connection is ${connection.status}; reconnect it before syncing.`);
    }
    return (await this.sync.start(connection, 'manual', force)).run;
  }

  /**
   * Confirms that the workspace really shrank (a run held its removals) and syncs now: that run removes the
   * leavers it finds, however many. While a run is already under way, it is returned and one more run follows it.
   */
  async confirmShrink(connection: ConnectionRecord): Promise<SyncRunRecord> {
    if (!(await this.connections.confirmShrink(connection.tenantId, connection.id))) {
      throw new AppError('BAD_USER_INPUT', 'NO_PENDING_SHRINK', 'No sync of this connection is waiting for a shrink to be confirmed.');
    }
    // The run must see the confirmation just stored, so it starts from the record as it is now.
    return this.syncNow(await this.require(connection.tenantId, connection.id), true);
  }

  /** The tenant's connection, or NOT_FOUND (also for another tenant's id). */
  async require(tenantId: string, connectionId: string): Promise<ConnectionRecord> {
    const connection = await this.connections.get(tenantId, connectionId);
    if (!connection) throw notFound('connection', connectionId);
    return connection;
  }

  /** A provider's display name, or its id when this deployment does not configure it. */
  private displayName(provider: string): string {
    return this.connectors.find(provider)?.displayName ?? provider;
  }

  private async reconnected(connector: Connector, tenantId: string, connectionId: string, grant: Grant): Promise<ConnectionRecord> {
    const existing = await this.require(tenantId, connectionId);
    if (existing.provider !== connector.provider || existing.workspaceId !== grant.app.id) {
      await connector.oauth.revoke(grant.accessToken);
      throw new AppError(
        'CONFLICT',
        'WORKSPACE_MISMATCH',
        `${connector.displayName} granted access to a different workspace than this connection syncs; reconnect and pick the same workspace, or use Connect for a new one.`,
      );
    }
    return this.connections.upsertConnected(tenantId, existing.id, connector.provider, grant.app.id);
  }

  private async created(connector: Connector, tenantId: string, grant: Grant): Promise<ConnectionRecord> {
    // Connecting an app the tenant already has reuses that connection rather than duplicating it.
    return this.connections.upsertConnected(tenantId, randomUUID(), connector.provider, grant.app.id);
  }
}

/** A callback's extra parameters are short tokens; anything else is refused before the connector sees it. */
function checkCallback(callback: CallbackParams): void {
  for (const [name, value, max] of [
    ['installationId', callback.installationId, 64],
    ['setupAction', callback.setupAction, 32],
  ] as const) {
    if (value !== null && value !== undefined && (value.length > max || !/^[A-Za-z0-9_-]*$/.test(value)))
      throw new AppError(
        'BAD_USER_INPUT',
        'OAUTH_CALLBACK_INVALID',
        `${name} must be the callback's \`${name === 'installationId' ? 'installation_id' : 'setup_action'}\` parameter as given (at most ${max} letters, digits, - or _).`,
      );
  }
}

/** The provider's registered callback, or one on its origin or on OAUTH_REDIRECT_ORIGINS (src/connections/redirect-uri.ts). */
function validRedirectUri(given: string | null | undefined, connector: Connector, extraOrigins: readonly string[]): string {
  return allowedRedirectUri(given, connector.oauth.defaultRedirectUri, extraOrigins);
}
