import type { Connector } from '../connectors/connector';
import { PagingError } from '../connectors/connector';
import { type ConnectionRecord, ConnectionStatus, MemberAccess } from '../connections/connection.model';
import { loadApp, markSynced } from '../identity/app.writer';
import { AppError } from '../lib/errors';
import { type SyncRunRecord, SyncRunStatus, zeroCounts } from './sync-run.model';
import { appRefOf, type SyncDeps } from './sync-deps';
import { afterMembers } from '../identity/directory-refresh';
import { syncMembers } from './sync-members';
import { CredentialUnreadable, NeedsReauth, TokenSession } from './token-session';
import { runDeadline } from './run-deadline';

const UNREADABLE =
  'The stored token cannot be decrypted with the configured TOKEN_ENCRYPTION_KEY (the key changed?). Restore the key, or reconnect.';
const INTERNAL =
  'The sync failed on our side (the graph database or the service itself); the error was logged and nothing was removed. The next run tries again.';

const shrinkWarning = (provider: string, inGraph: number, listed: number, ratio: number) =>
  `${provider} listed ${listed} members where the graph holds ${inGraph} (below SYNC_SHRINK_GUARD_RATIO ${ratio}): nobody was removed. ` +
  'If the app really shrank, confirm with confirmSyncShrink and the next run removes those who left.';

/**
 * One run of any connector: the app, then get → transform → load per batch, then cleanup only after a
 * complete enumeration that could read emails. The run is closed as SUCCEEDED, NEEDS_CONFIRMATION or FAILED
 * whatever happens, and the connection's status and member access say why.
 */
export async function runSync(
  deps: SyncDeps,
  connector: Connector,
  connection: ConnectionRecord,
  run: SyncRunRecord,
  signal: AbortSignal,
): Promise<SyncRunRecord> {
  const counts = zeroCounts();
  const ref = appRefOf(connector, connection);
  const log = deps.logger.child({ connectionId: connection.id, runId: run.id, provider: connector.provider });
  // The whole run, not only its enumeration, lives within SYNC_RUN_BUDGET_SECONDS.
  const deadline = runDeadline(deps.limits.budgetMs, signal);
  try {
    const session = new TokenSession(connector, deps.credentials, connection.id, connection.workspaceId, deadline.signal);
    const app = await session.call((source) => source.app());
    await loadApp(deps.graph, ref, connection.id, { ...app, id: connection.workspaceId });
    // Read before any write, so a failure here leaves the graph as it was.
    const domains = await directoryDomains(connector, session);
    const { access, held, resume, notes } = await syncMembers(deps, connector, session, connection, run.id, counts, deadline);
    const accessWarning =
      access === MemberAccess.NONE
        ? connector.texts.noMemberAccess
        : access === MemberAccess.NO_EMAIL
          ? connector.texts.noEmailAccess
          : null;
    const warning = [accessWarning, ...notes].filter((w) => w !== null).join(' ') || null;
    await deps.connections.setMemberAccess(connection.id, access, accessWarning);
    await markSynced(deps.graph, ref, connection.id, access === MemberAccess.FULL);
    if (access === MemberAccess.FULL) await afterMembers(deps.graph, ref, domains, counts.accountsWritten + counts.membershipsRemoved > 0);
    if (held) {
      await deps.connections.holdShrink(connection.id, run.id, held.inGraph, held.listed);
      log.warn({ counts, ...held }, 'Sync held its removals: the app shrank too far');
      return await deps.runs.finish(
        run.id,
        SyncRunStatus.NEEDS_CONFIRMATION,
        counts,
        null,
        shrinkWarning(connector.displayName, held.inGraph, held.listed, deps.limits.shrinkGuardRatio),
      );
    }
    if (access === MemberAccess.FULL) await deps.connections.clearShrink(connection.id);
    await deps.connections.setResume(connection.id, resume);
    const done = await deps.runs.finish(run.id, SyncRunStatus.SUCCEEDED, counts, null, warning);
    log.info({ counts, memberAccess: access }, 'Sync succeeded');
    return done;
  } catch (err) {
    const message = failureText(connector, err);
    if (err instanceof NeedsReauth) await deps.connections.markNeedsReauth(connection.id, message);
    if (err instanceof CredentialUnreadable) await deps.connections.setStatus(connection.id, ConnectionStatus.ERROR, message);
    if (message === INTERNAL) log.error({ err, counts }, 'Sync failed on an internal error');
    else log.warn({ counts, error: message }, 'Sync failed');
    return deps.runs.finish(run.id, SyncRunStatus.FAILED, counts, message, null);
  }
}

/** A directory's email domains (null for other apps, or when the grant may not list them). */
export async function directoryDomains(connector: Connector, session: TokenSession): Promise<string[] | null> {
  if (!connector.directory) return null;
  try {
    return await session.call(async (source) => (source.domains ? source.domains() : null));
  } catch (err) {
    // A non-admin grant cannot list domains either; its member phase says why, so the run goes on.
    if (connector.classify(err) === 'restricted') return null;
    throw err;
  }
}

/** The sentence a failed run records: the connector's words for its provider's errors, never a driver's message. */
function failureText(connector: Connector, err: unknown): string {
  if (err instanceof NeedsReauth) return connector.texts.reauth;
  if (err instanceof CredentialUnreadable) return UNREADABLE;
  if (err instanceof PagingError || err instanceof AppError) return err.message;
  return connector.failureMessage(err) ?? INTERNAL;
}
