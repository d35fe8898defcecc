import type { AccountSource, Connector, Listing, PagingLimits } from '../connectors/connector';
import { type ConnectionRecord, MemberAccess } from '../connections/connection.model';
import { hasAccounts, loadAccounts } from '../identity/account.writer';
import { cleanupMembers, countCurrentMembers } from '../identity/membership.cleanup';
import { notify } from '../runs/sync-observer';
import { type SyncCounts, zeroCounts } from '../runs/sync-run.model';
import { accountBatches, type ListingEnd } from './paging';
import { prefetchOne } from '../lib/prefetch';
import { appRefOf, type SyncDeps } from './sync-deps';
import type { TokenSession } from './token-session';
import type { RunDeadline } from './run-deadline';
import { WriteWindow } from '../lib/write-window';

/** What the member phase found: the grant's access, and whether the shrink guard held the removals. */
export interface MemberOutcome {
  access: MemberAccess;
  held: { inGraph: number; listed: number } | null;
  /** What the next run resumes from (a delta link), kept once this run succeeds; null: list everything next time. */
  resume: string | null;
  /** Sentences for the run record (the source's own, a resume point that expired). */
  notes: string[];
}

const RESUME_EXPIRED = (who: string) => `${who} no longer accepted the kept change point, so this run listed every account once.`;

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
  let removed = new Set<string>();
  let kind: Listing['kind'] = 'complete';
  const end: ListingEnd = { resume: null };
  const notes: string[] = [];
  let resume = connection.resumeCursor ?? null;
  try {
    await session.call(async (source) => {
      for (;;) {
        try {
          kind = await listOnce(source, resume);
          notes.push(...(source.warnings?.() ?? []));
          return;
        } catch (err) {
          // An expired change point (Entra's 410): list everything once, and say so.
          if (resume === null || connector.classify(err) !== 'resume-expired') throw err;
          resume = null;
          notes.push(RESUME_EXPIRED(connector.displayName));
        }
      }
    });
  } catch (err) {
    if (connector.classify(err) === 'restricted') return { access: MemberAccess.NONE, held: null, resume: null, notes };
    throw err;
  }

  /** One pass over the listing (again from the start after a token refresh): get → transform → load per batch. */
  async function listOnce(source: AccountSource, from: string | null): Promise<Listing['kind']> {
    Object.assign(counts, zeroCounts());
    persons = 0;
    updated = 0;
    seen = new Set();
    removed = new Set();
    end.resume = null;
    const listing = await source.listing(from);
    // Asked again at each attempt: an attempt cut short by a token refresh may already have written accounts.
    const fresh = !(await hasAccounts(deps.graph, ref));
    const writes = new WriteWindow(deps.writeConcurrency ?? 1);
    try {
      for await (const t of prefetchOne(accountBatches(listing, deps.batchSize, limits, connector.displayName, end))) {
        persons += t.persons;
        counts.membersSeen += t.seen;
        counts.botsSkipped += t.botsSkipped;
        counts.noEmailSkipped += t.noEmailSkipped;
        counts.invalidSkipped += t.invalidSkipped;
        for (const id of t.removed) removed.add(id);
        // A provider can list an account twice (on two pages, or twice on one): the first listing counts.
        const rows = t.rows.filter((r) => !seen.has(r.externalId) && seen.add(r.externalId));
        // People upserted: an unmanaged account (ADR 0019) is written but joins no person.
        counts.usersUpserted += rows.filter((r) => r.email !== null).length;
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
    return listing.kind;
  }

  // Persons listed but none with an email: the grant lacks the email capability. Removing members now
  // would empty the app, so nothing is removed.
  if (persons > 0 && counts.usersUpserted === 0 && counts.noEmailSkipped > 0)
    return { access: MemberAccess.NO_EMAIL, held: null, resume: null, notes };
  // The shrink guard: a complete list far shorter than the graph's is more likely a glitch than a mass exodus,
  // so removals wait for an administrator's confirmation (which the next run then applies).
  const ratio = deps.limits.shrinkGuardRatio;
  // A changes listing leaves the unlisted in place: what remains after its removals is what it "listed".
  const inGraph = await countCurrentMembers(deps.graph, ref);
  const listed = kind === 'complete' ? seen.size : Math.max(0, inGraph - removed.size);
  if (ratio > 0 && !connection.shrinkConfirmed && inGraph > 0 && listed < ratio * inGraph) {
    // Held: the next run must list the same removals again, so the resume point is not advanced.
    return { access: MemberAccess.FULL, held: { inGraph, listed }, resume: connection.resumeCursor ?? null, notes };
  }
  const leaving = kind === 'complete' ? { keep: seen } : { remove: removed };
  counts.membershipsRemoved = await cleanupMembers(deps.graph, ref, leaving, inGraph, updated);
  return { access: MemberAccess.FULL, held: null, resume: end.resume, notes };
}
