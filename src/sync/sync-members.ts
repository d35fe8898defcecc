import type { Connector, PagingLimits } from '../connectors/connector';
import { type ConnectionRecord, MemberAccess } from '../connections/connection.model';
import { hasAccounts, loadAccounts } from '../identity/account.writer';
import { cleanupMembers, countCurrentMembers } from '../identity/membership.cleanup';
import { notify } from '../runs/sync-observer';
import { type SyncCounts, zeroCounts } from '../runs/sync-run.model';
import { prefetchOne } from './prefetch';
import { appRefOf, type SyncDeps } from './sync-deps';
import type { TokenSession } from './token-session';
import type { RunDeadline } from './run-deadline';
import { WriteWindow } from './write-window';

/** What the member phase found: the grant's access, and whether the shrink guard held the removals. */
export interface MemberOutcome {
  access: MemberAccess;
  held: { inGraph: number; listed: number } | null;
}

/**
 * Enumerates the app's accounts through the connector and writes them batch by batch, then, after a complete
 * enumeration that could read emails, ends the memberships of those not seen (unless the shrink guard holds).
 */
export async function syncMembers(
  deps: SyncDeps,
  connector: Connector,
  session: TokenSession,
  connection: ConnectionRecord,
  runId: string,
  counts: SyncCounts,
  deadline: RunDeadline,
): Promise<MemberOutcome> {
  const ref = appRefOf(connector, connection);
  let persons = 0;
  let updated = 0;
  const limits: PagingLimits = { maxPages: deps.limits.maxPages, deadline: deadline.at, maxEmptyPages: 10, signal: deadline.signal };
  // Ids of every account with a usable email this run listed: who is not among them after a complete
  // enumeration has left. Strings only (~100 bytes each), so 100k accounts stay well inside the memory bound.
  let seen = new Set<string>();
  try {
    await session.call(async (source) => {
      // A retry after a token refresh enumerates again from the start.
      Object.assign(counts, zeroCounts());
      persons = 0;
      updated = 0;
      seen = new Set();
      // Asked again at each attempt: an attempt cut short by a token refresh may already have written accounts.
      const fresh = !(await hasAccounts(deps.graph, ref));
      const writes = new WriteWindow(deps.writeConcurrency ?? 1);
      try {
        for await (const t of prefetchOne(source.accounts(deps.batchSize, limits))) {
          persons += t.persons;
          counts.membersSeen += t.seen;
          counts.botsSkipped += t.botsSkipped;
          counts.noEmailSkipped += t.noEmailSkipped;
          counts.invalidSkipped += t.invalidSkipped;
          // A provider can list an account twice (on two pages, or twice on one): the first listing counts.
          const rows = t.rows.filter((r) => !seen.has(r.externalId) && seen.add(r.externalId));
          counts.usersUpserted += rows.length;
          await deps.beforeWrite?.();
          await writes.add(async () => {
            const loaded = await loadAccounts(deps.graph, ref, runId, rows, { fresh });
            counts.accountsWritten += loaded.written;
            updated += loaded.updated;
            counts.membersJoined += loaded.joined;
            notify(deps.observers, 'batch', {
              connectionId: connection.id,
              runId,
              provider: connector.provider,
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
    if (connector.classify(err) === 'restricted') return { access: MemberAccess.NONE, held: null };
    throw err;
  }
  // Persons listed but none with an email: the grant lacks the email capability. Removing members now
  // would empty the app, so nothing is removed.
  if (persons > 0 && counts.usersUpserted === 0 && counts.noEmailSkipped > 0) return { access: MemberAccess.NO_EMAIL, held: null };
  // The shrink guard: a complete list far shorter than the graph's is more likely a glitch than a mass exodus,
  // so removals wait for an administrator's confirmation (which the next run then applies).
  const ratio = deps.limits.shrinkGuardRatio;
  const inGraph = await countCurrentMembers(deps.graph, ref);
  if (ratio > 0 && !connection.shrinkConfirmed && inGraph > 0 && seen.size < ratio * inGraph) {
    return { access: MemberAccess.FULL, held: { inGraph, listed: seen.size } };
  }
  counts.membershipsRemoved = await cleanupMembers(deps.graph, ref, seen, inGraph, updated);
  return { access: MemberAccess.FULL, held: null };
}
