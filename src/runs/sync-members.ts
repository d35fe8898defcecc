import type { AccountSource, Connector, PagingLimits } from '../connectors/connector';
import { type ConnectionRecord, MemberAccess } from '../connections/connection.model';
import { hasAccounts, loadAccounts } from '../identity/account.writer';
import { cleanupMembers, countCurrentMembers } from '../identity/membership.cleanup';
import { notify } from './sync-observer';
import { type SyncCounts, zeroCounts } from './sync-run.model';
import { accountBatches } from './paging';
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
  const limits: PagingLimits = { maxPages: deps.limits.maxPages, deadline: deadline.at, maxEmptyPages: 10, signal: deadline.signal };
  const notes: string[] = [];
  let resume = connection.resumeCursor ?? null;
  let pass!: Awaited<ReturnType<typeof listOnce>>;
  try {
    await session.call(async (source) => {
      for (;;) {
        try {
          pass = await listOnce(source, resume);
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

  /** One pass over the listing (again from the start after a token refresh), with its own tallies: get → transform → load per batch. */
  async function listOnce(source: AccountSource, from: string | null) {
    Object.assign(counts, zeroCounts());
    const listing = await source.listing(from);
    const pass = {
      kind: listing.kind,
      persons: 0,
      updated: 0,
      // Accounts listed without a readable address (the grant lacks the email capability, ADR 0019).
      emailUnknown: 0,
      // Ids of every account with a usable email this run listed: who is not among them after a complete
      // enumeration has left. Strings only (~100 bytes each), so 100k accounts stay well inside the memory bound.
      seen: new Set<string>(),
      removed: new Set<string>(),
      resume: null as string | null,
    };
    // Asked again at each attempt: an attempt cut short by a token refresh may already have written accounts.
    const fresh = !(await hasAccounts(deps.graph, ref));
    const writes = new WriteWindow(deps.writeConcurrency);
    try {
      for await (const t of prefetchOne(accountBatches(listing, deps.batchSize, limits, connector.displayName, pass))) {
        pass.persons += t.persons;
        counts.membersSeen += t.seen;
        counts.botsSkipped += t.botsSkipped;
        counts.noEmailSkipped += t.noEmailSkipped;
        pass.emailUnknown += t.emailUnknown;
        counts.invalidSkipped += t.invalidSkipped;
        for (const id of t.removed) pass.removed.add(id);
        // A provider can list an account twice (on two pages, or twice on one): the first listing counts.
        const rows = t.rows.filter((r) => !pass.seen.has(r.externalId) && pass.seen.add(r.externalId));
        // People upserted: an unmanaged account (ADR 0019) is written but joins no person, unless the graph knew its
        // address (`kept`): then it stays with its person.
        counts.usersUpserted += rows.filter((r) => r.email !== null).length;
        await writes.add(async () => {
          const loaded = await loadAccounts(deps.graph, ref, runId, rows, { fresh });
          counts.usersUpserted += loaded.kept;
          counts.accountsWritten += loaded.written;
          pass.updated += loaded.updated;
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
    return pass;
  }

  // Persons listed but none with an email, or the source says its grant cannot read addresses: the grant lacks the
  // email capability. Removing members now would empty the app (or rest on a partial view), so nothing is removed.
  if (pass.persons > 0 && ((counts.usersUpserted === 0 && counts.noEmailSkipped > 0) || pass.emailUnknown > 0))
    return { access: MemberAccess.NO_EMAIL, held: null, resume: null, notes };
  // The shrink guard: a complete list far shorter than the graph's is more likely a glitch than a mass exodus,
  // so removals wait for an administrator's confirmation (which the next run then applies).
  const ratio = deps.limits.shrinkGuardRatio;
  // A changes listing leaves the unlisted in place: what remains after its removals is what it "listed".
  const inGraph = await countCurrentMembers(deps.graph, ref);
  const listed = pass.kind === 'complete' ? pass.seen.size : Math.max(0, inGraph - pass.removed.size);
  if (ratio > 0 && !connection.shrinkConfirmed && inGraph > 0 && listed < ratio * inGraph) {
    // Held: the next run must list the same removals again, so the resume point is not advanced.
    return { access: MemberAccess.FULL, held: { inGraph, listed }, resume: connection.resumeCursor ?? null, notes };
  }
  const leaving = pass.kind === 'complete' ? { keep: pass.seen } : { remove: pass.removed };
  counts.membershipsRemoved = await cleanupMembers(deps.graph, ref, leaving, inGraph, pass.updated);
  return { access: MemberAccess.FULL, held: null, resume: pass.resume, notes };
}
