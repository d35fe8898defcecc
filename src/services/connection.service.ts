import { type ConnectionRecord, ConnectionStatus, type NotionGrant } from '../connections/connection.model';
import type { ConnectionRepository } from '../connections/connection.repository';
import type { CredentialRepository } from '../connections/credential.repository';
import type { OAuthStateRepository } from '../connections/oauth-state.repository';
import type { NotionOAuth } from '../connectors/notion/oauth';
import { loadWorkspace } from '../connectors/notion/sync/load';
import type { Graph } from '../graph/graph';
import { randomUUID } from 'node:crypto';
import { randomId } from '../lib/crypto';
import { purgeApp } from '../identity/purge';
import { AppError, notFound } from '../lib/errors';
import type { SyncRunRecord } from '../runs/sync-run.model';
import type { SyncRunner } from '../sync/sync-runner';
import type { TenantRepository } from '../tenants/tenant.repository';

/** What the frontend needs to send the browser to Notion. */
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
    private readonly oauth: NotionOAuth,
    private readonly sync: SyncRunner,
    private readonly tenants: TenantRepository,
    private readonly defaultRedirectUri: string,
  ) {}

  /** Starts a new authorization: a single-use state bound to the tenant, valid ten minutes. */
  async connect(tenantId: string, redirectUri?: string | null, connectionId: string | null = null): Promise<Authorization> {
    const uri = validRedirectUri(redirectUri ?? this.defaultRedirectUri);
    const state = { id: randomId(32), tenantId, redirectUri: uri, connectionId, expiresAt: new Date(Date.now() + STATE_TTL_MS) };
    await this.states.create(state);
    return { authorizationUrl: this.oauth.authorizationUrl(state.id, uri), state: state.id, expiresAt: state.expiresAt };
  }

  /** Starts re-authorization of an existing connection; completing it must bring back the same workspace. */
  async reconnect(tenantId: string, connectionId: string, redirectUri?: string | null): Promise<Authorization> {
    await this.require(tenantId, connectionId);
    return this.connect(tenantId, redirectUri, connectionId);
  }

  /** Consumes the state, exchanges the code, stores the connection and its tokens, and starts the first sync. */
  async complete(tenantId: string, code: string, stateId: string, error: string | null = null): Promise<ConnectionRecord> {
    if (error !== null) {
      // The admin declined (or Notion failed) on the consent page: the pending authorization ends here.
      await this.states.consume(tenantId, stateId);
      if (error === 'access_denied') {
        throw new AppError('BAD_USER_INPUT', 'OAUTH_ACCESS_DENIED', 'Access was not granted in Notion; nothing changed. Click Connect to try again.');
      }
      throw new AppError('BAD_USER_INPUT', 'OAUTH_ERROR', `Notion ended the authorization with "${error.slice(0, 64)}"; nothing changed. Click Connect to try again.`);
    }
    if (!code.trim()) throw new AppError('BAD_USER_INPUT', 'OAUTH_CODE_MISSING', 'The authorization code is empty; click Connect to start again.');
    const state = await this.states.consume(tenantId, stateId);
    if (!state) {
      throw new AppError('BAD_USER_INPUT', 'OAUTH_STATE_INVALID', 'This authorization is unknown or was already completed; click Connect to start again.');
    }
    if (new Date(state.expiresAt).getTime() < Date.now()) {
      throw new AppError('BAD_USER_INPUT', 'OAUTH_STATE_EXPIRED', 'This authorization expired (it is valid for 10 minutes); click Connect to start again.');
    }
    const grant = await this.oauth.exchangeCode(code, state.redirectUri);
    const connection = state.connectionId ? await this.reconnected(tenantId, state.connectionId, grant) : await this.created(tenantId, grant);
    await this.credentials.save(connection.id, { accessToken: grant.accessToken, refreshToken: grant.refreshToken });
    await loadWorkspace(this.graph, tenantId, connection.id, {
      id: grant.workspaceId,
      name: grant.workspaceName,
      iconUrl: grant.workspaceIcon,
      botId: grant.botId,
    });
    await this.tenants.inferFrom(tenantId, grant.ownerEmail);
    await this.sync.request(connection, 'connect');
    return connection;
  }

  /**
   * Marks the connection DISCONNECTED (so no new sync starts), revokes the token at Notion and deletes it here.
   * Synced data stays as the last known state unless `purge`: then, once any run under way has ended, the
   * workspace, its accounts and their history go, and Users left with no account anywhere.
   */
  async disconnect(tenantId: string, connectionId: string, purge = false): Promise<ConnectionRecord> {
    const connection = await this.require(tenantId, connectionId);
    const reason = purge ? 'Disconnected by an administrator; its synced data was purged.' : 'Disconnected by an administrator.';
    await this.connections.setStatus(connectionId, ConnectionStatus.DISCONNECTED, reason);
    const tokens = await this.credentials.load(connectionId).catch(() => null);
    if (tokens) await this.oauth.revoke(tokens.accessToken);
    await this.credentials.delete(connectionId);
    if (purge) {
      await this.sync.quiesce(connectionId);
      await purgeApp(this.graph, tenantId, connection.provider, connection.workspaceId);
    }
    return (await this.require(tenantId, connectionId));
  }

  /** Syncs now, or returns the run already under way. */
  async syncNow(tenantId: string, connectionId: string): Promise<SyncRunRecord> {
    const running = this.sync.running(connectionId);
    if (running) return (await running).run;
    const connection = await this.require(tenantId, connectionId);
    if (connection.status !== ConnectionStatus.CONNECTED) {
      throw new AppError(
        'CONFLICT',
        'CONNECTION_NOT_CONNECTED',
        `This connection is ${connection.status}; reconnect it before syncing.`,
      );
    }
    return (await this.sync.start(connection, 'manual')).run;
  }

  /**
   * Confirms that the workspace really shrank (a run held its removals) and syncs now: that run removes the
   * leavers it finds, however many. While a run is already under way, the confirmation waits for the next one.
   */
  async confirmShrink(tenantId: string, connectionId: string): Promise<SyncRunRecord> {
    await this.require(tenantId, connectionId);
    if (!(await this.connections.confirmShrink(tenantId, connectionId))) {
      throw new AppError('BAD_USER_INPUT', 'NO_PENDING_SHRINK', 'No sync of this connection is waiting for a shrink to be confirmed.');
    }
    return this.syncNow(tenantId, connectionId);
  }

  /** The tenant's connection, or NOT_FOUND (also for another tenant's id). */
  async require(tenantId: string, connectionId: string): Promise<ConnectionRecord> {
    const connection = await this.connections.get(tenantId, connectionId);
    if (!connection) throw notFound('connection', connectionId);
    return connection;
  }

  private async reconnected(tenantId: string, connectionId: string, grant: NotionGrant): Promise<ConnectionRecord> {
    const existing = await this.require(tenantId, connectionId);
    if (existing.workspaceId !== grant.workspaceId) {
      await this.oauth.revoke(grant.accessToken);
      throw new AppError(
        'CONFLICT',
        'WORKSPACE_MISMATCH',
        'Notion granted access to a different workspace than this connection syncs; reconnect and pick the same workspace, or use Connect for a new one.',
      );
    }
    return this.connections.upsertConnected(tenantId, existing.id, grant.workspaceId);
  }

  private async created(tenantId: string, grant: NotionGrant): Promise<ConnectionRecord> {
    // Connecting a workspace the tenant already has reuses that connection rather than duplicating it.
    return this.connections.upsertConnected(tenantId, randomUUID(), grant.workspaceId);
  }
}

function validRedirectUri(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString();
  } catch {
    // falls through to the error below
  }
  throw new AppError('BAD_USER_INPUT', 'INVALID_REDIRECT_URI', `redirectUri "${raw}" is not an absolute http(s) URL.`);
}
