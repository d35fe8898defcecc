import type { Client } from '@notionhq/client';
import type { Graph } from '../../../graph/graph';
import { SealedTokenError } from '../../../lib/crypto';
import type { Logger } from '../../../lib/logger';
import { type ConnectionRecord, ConnectionStatus, MemberAccess } from '../../../connections/connection.model';
import type { ConnectionRepository } from '../../../connections/connection.repository';
import type { CredentialRepository, Tokens } from '../../../connections/credential.repository';
import { type SyncCounts, type SyncRunRecord, SyncRunStatus, zeroCounts } from '../../../runs/sync-run.model';
import type { SyncRunRepository } from '../../../runs/sync-run.repository';
import { notify, type SyncObserver } from '../../../runs/sync-observer';
import { notionClient, type NotionSettings } from '../notion.client';
import type { NotionOAuth } from '../oauth';
import { cleanupMembers, countCurrentMembers, markSynced } from './cleanup';
import { failureMessage, isRestricted, isUnauthorized } from './errors';
import { getBot, getMembers, type PagingLimits, prefetchOne } from './get';
import { hasAccounts, loadMembers, loadWorkspace } from './load';
import { transformMembers } from './transform';
import { WriteWindow } from './write-window';

/** Everything one Notion sync needs. */
export interface NotionSyncDeps {
  graph: Graph;
  connections: ConnectionRepository;
  credentials: CredentialRepository;
  runs: SyncRunRepository;
  oauth: NotionOAuth;
  settings: NotionSettings;
  logger: Logger;
  batchSize: number;
  /** Batches written at once (each in its own transaction); default 1. */
  writeConcurrency?: number;
  /** Most pages per run, the run's time budget, and the shrink guard's ratio (0: off). */
  limits: { maxPages: number; budgetMs: number; shrinkGuardRatio: number };
  observers?: SyncObserver[];
  /** Waits before each batch write while the API is busy (the `all` role's read pressure, ADR 0012). */
  beforeWrite?(): Promise<void>;
}

export const NO_USER_ACCESS =
  'This Notion grant cannot read users. Reconnect and approve "Read user information including email addresses" to sync members.';
export const NO_EMAIL_ACCESS =
  'Notion lists members without email addresses for this grant. Reconnect and approve "Read user information including email addresses" to sync members.';
const REAUTH = 'Notion rejected the stored token: the integration was removed from the workspace or access was revoked. Reconnect to resume syncing.';

const UNREADABLE =
  'The stored Notion token cannot be decrypted with the configured TOKEN_ENCRYPTION_KEY (the key changed?). Restore the key, or reconnect.';

const shrinkWarning = (inGraph: number, listed: number, ratio: number) =>
  `Notion listed ${listed} members where the graph holds ${inGraph} (below SYNC_SHRINK_GUARD_RATIO ${ratio}): nobody was removed. ` +
  'If the workspace really shrank, confirm with confirmSyncShrink and the next run removes those who left.';

/** What the member phase found: the grant's access, and whether the shrink guard held the removals. */
interface MemberOutcome {
  access: MemberAccess;
  held: { inGraph: number; listed: number } | null;
}

class NeedsReauth extends Error {}
class CredentialUnreadable extends Error {}

/**
 * One run: get → transform → load per batch, then cleanup only after a complete enumeration that could
 * read emails. The run is closed as SUCCEEDED or FAILED whatever happens, and the connection's status and
 * member access are set to say why.
 */
export async function runNotionSync(deps: NotionSyncDeps, connection: ConnectionRecord, run: SyncRunRecord, signal?: AbortSignal): Promise<SyncRunRecord> {
  const started = Date.now();
  const done = await syncOnce(deps, connection, run, signal);
  notify(deps.observers, 'finished', done, Date.now() - started);
  return done;
}

async function syncOnce(deps: NotionSyncDeps, connection: ConnectionRecord, run: SyncRunRecord, signal?: AbortSignal): Promise<SyncRunRecord> {
  const counts = zeroCounts();
  const log = deps.logger.child({ connectionId: connection.id, runId: run.id });
  let warning: string | null = null;
  try {
    const session = new TokenSession(deps, connection.id, connection.workspaceId);
    const bot = await session.call(getBot);
    await loadWorkspace(deps.graph, connection.tenantId, connection.id, {
      id: connection.workspaceId,
      name: bot.workspaceName,
      iconUrl: null,
      botId: bot.botId,
    });
    const { access, held } = await syncMembers(deps, session, connection, run.id, counts, signal);
    warning = access === MemberAccess.NONE ? NO_USER_ACCESS : access === MemberAccess.NO_EMAIL ? NO_EMAIL_ACCESS : null;
    await deps.connections.setMemberAccess(connection.id, access, warning);
    await markSynced(deps.graph, connection.tenantId, connection.workspaceId, connection.id, access === MemberAccess.FULL);
    if (held) {
      await deps.connections.holdShrink(connection.id, run.id, held.inGraph, held.listed);
      const message = shrinkWarning(held.inGraph, held.listed, deps.limits.shrinkGuardRatio);
      log.warn({ counts, ...held }, 'Notion sync held its removals: the workspace shrank too far');
      return await deps.runs.finish(run.id, SyncRunStatus.NEEDS_CONFIRMATION, counts, null, message);
    }
    if (access === MemberAccess.FULL) await deps.connections.clearShrink(connection.id);
    const done = await deps.runs.finish(run.id, SyncRunStatus.SUCCEEDED, counts, null, warning);
    log.info({ counts, memberAccess: access }, 'Notion sync succeeded');
    return done;
  } catch (err) {
    const reauth = err instanceof NeedsReauth;
    const unreadable = err instanceof CredentialUnreadable;
    const message = reauth ? REAUTH : unreadable ? UNREADABLE : failureMessage(err);
    if (reauth) await deps.connections.markNeedsReauth(connection.id, REAUTH);
    if (unreadable) await deps.connections.setStatus(connection.id, ConnectionStatus.ERROR, UNREADABLE);
    log.warn({ counts, error: message }, 'Notion sync failed');
    return deps.runs.finish(run.id, SyncRunStatus.FAILED, counts, message, null);
  }
}

async function syncMembers(
  deps: NotionSyncDeps,
  session: TokenSession,
  connection: ConnectionRecord,
  runId: string,
  counts: SyncCounts,
  signal?: AbortSignal,
): Promise<MemberOutcome> {
  let persons = 0;
  let updated = 0;
  const limits: PagingLimits = { maxPages: deps.limits.maxPages, deadline: Date.now() + deps.limits.budgetMs, maxEmptyPages: 10, signal };
  // Ids of every member with a usable email this run listed: who is not among them after a complete
  // enumeration has left. Strings only (~100 bytes each), so 100k members stay well inside the memory bound.
  let seen = new Set<string>();
  try {
    await session.call(async (client) => {
      // A retry after a token refresh enumerates again from the start.
      Object.assign(counts, zeroCounts());
      persons = 0;
      updated = 0;
      seen = new Set();
      // Asked again at each attempt: an attempt cut short by a token refresh may already have written members.
      const fresh = !(await hasAccounts(deps.graph, connection.tenantId, connection.workspaceId));
      const writes = new WriteWindow(deps.writeConcurrency ?? 1);
      try {
        for await (const batch of prefetchOne(getMembers(client, deps.batchSize, limits))) {
          const t = transformMembers(batch);
          persons += t.persons;
          counts.membersSeen += t.seen;
          counts.botsSkipped += t.botsSkipped;
          counts.noEmailSkipped += t.noEmailSkipped;
          counts.invalidSkipped += t.invalidSkipped;
          // Notion can list a member twice (on two pages, or twice on one): the first listing counts.
          const rows = t.rows.filter((r) => !seen.has(r.externalId) && seen.add(r.externalId));
          counts.usersUpserted += rows.length;
          await deps.beforeWrite?.();
          await writes.add(async () => {
            const loaded = await loadMembers(deps.graph, connection.tenantId, connection.workspaceId, runId, rows, { fresh });
            counts.accountsWritten += loaded.written;
            updated += loaded.updated;
            counts.membersJoined += loaded.joined;
            notify(deps.observers, 'batch', {
              connectionId: connection.id,
              runId,
              fetched: t.seen,
              written: loaded.written,
              unchanged: rows.length - loaded.written,
              botsSkipped: t.botsSkipped,
              noEmailSkipped: t.noEmailSkipped,
              invalidSkipped: t.invalidSkipped,
            });
          });
        }
        await writes.drain();
      } finally {
        await writes.settle();
      }
    });
  } catch (err) {
    if (isRestricted(err)) return { access: MemberAccess.NONE, held: null };
    throw err;
  }
  // Persons listed but none with an email: the grant lacks the email capability. Removing members now
  // would empty the workspace, so nothing is removed.
  if (persons > 0 && counts.usersUpserted === 0 && counts.noEmailSkipped > 0) return { access: MemberAccess.NO_EMAIL, held: null };
  // The shrink guard: a complete list far shorter than the graph's is more likely a glitch than a mass exodus,
  // so removals wait for an administrator's confirmation (which the next run then applies).
  const ratio = deps.limits.shrinkGuardRatio;
  const inGraph = await countCurrentMembers(deps.graph, connection.tenantId, connection.workspaceId);
  if (ratio > 0 && !connection.shrinkConfirmed && inGraph > 0 && seen.size < ratio * inGraph) {
    return { access: MemberAccess.FULL, held: { inGraph, listed: seen.size } };
  }
  counts.membershipsRemoved = await cleanupMembers(deps.graph, connection.tenantId, connection.workspaceId, seen, inGraph, updated);
  return { access: MemberAccess.FULL, held: null };
}

/**
 * Holds a connection's tokens for one run. On 401 it refreshes once (when a refresh token is held), stores
 * the rotated pair, and retries the step; a second 401 or a failed refresh means re-authorization.
 */
class TokenSession {
  private tokens: Tokens | null = null;
  private refreshed = false;

  constructor(
    private readonly deps: NotionSyncDeps,
    private readonly connectionId: string,
    private readonly workspaceId: string,
  ) {}

  async call<T>(step: (client: Client) => Promise<T>): Promise<T> {
    this.tokens ??= await this.deps.credentials.load(this.connectionId).catch((err: unknown) => {
      throw err instanceof SealedTokenError ? new CredentialUnreadable(err.message) : err;
    });
    if (!this.tokens) throw new NeedsReauth('no stored token');
    try {
      return await step(notionClient(this.deps.settings, this.deps.logger, this.tokens.accessToken, this.workspaceId));
    } catch (err) {
      if (!isUnauthorized(err)) throw err;
      if (this.refreshed || !this.tokens.refreshToken) throw new NeedsReauth('unauthorized');
      this.refreshed = true;
      let saved = false;
      try {
        const grant = await this.deps.oauth.refresh(this.tokens.refreshToken);
        this.tokens = { accessToken: grant.accessToken, refreshToken: grant.refreshToken };
        saved = await this.deps.credentials.save(this.connectionId, this.tokens);
      } catch {
        throw new NeedsReauth('refresh failed');
      }
      if (!saved) {
        // Disconnected while this run refreshed: the fresh grant must not outlive the connection.
        await this.deps.oauth.revoke(this.tokens.accessToken).catch(() => undefined);
        throw new NeedsReauth('disconnected during the run');
      }
      return this.call(step);
    }
  }
}
