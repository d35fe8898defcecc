import { toPlain } from '../graph/convert';
import { BUMPS_ITSELF, type Graph, UNSEEN } from '../graph/graph';
import { bumpTenant } from '../graph/tenant-version';
import type { ConnectionRecord } from '../connections/connection.model';
import { type SyncRunRecord, SyncRunStatus, zeroCounts } from '../runs/sync-run.model';

/** What a claim took: the connection and the RUNNING run recorded for it in the same transaction. */
export interface Claimed {
  connection: ConnectionRecord;
  run: SyncRunRecord;
}

/** What a request found: since when the connection is asked for, and the run under way if one holds its lease. */
export interface Requested {
  since: Date;
  running: SyncRunRecord | null;
}

/** The reason a run taken over after its lease expired is closed with. */
export const STOPPED = 'the process running it stopped';

/** Which connections a loop may claim. */
export interface ClaimFilter {
  owner: string;
  limit: number;
  leaseMs: number;
  /** Providers this process has a connector for. */
  providers: string[];
  /** Keys this process can open tokens with: a background claim skips credentials sealed with others. */
  keyIds: string[];
  /** Whether due connections are claimed (SYNC_ENABLED), or only requested ones. */
  scheduled: boolean;
  /** Only this connection (a process serving its own request at once), whatever its credential's key. */
  only: string | null;
}

/** What a connection's slot is computed from. */
export type Placed = Pick<ConnectionRecord, 'tenantId' | 'provider' | 'workspaceId'>;

const LIVE = 'c.leaseRunId IS NOT NULL AND c.leaseExpiresAt >= datetime()';

/**
 * The sync's queue is the Connection node itself (ADR 0015), as Oban or pg-boss keep jobs in a table: `dueAt` (its
 * slot in the window), `requestedAt` (someone asked for a run), and the lease of the run under way (`leaseOwner`,
 * `leaseRunId`, `leaseExpiresAt`, kept alive by a heartbeat). A claim takes due or requested connections whose
 * lease is free or expired in one write transaction; the run's end moves `dueAt`, clears what it served and the lease.
 */
export class SyncQueue {
  constructor(private readonly graph: Graph) {}

  /**
   * Asks for a run. While a run holds the lease, the answer is that run (and, when `force`, one more run follows it);
   * otherwise the request waits for a claim, and `since` names it (the run that serves it records it).
   */
  async request(connectionId: string, trigger: string, force = false): Promise<Requested | null> {
    const rows = await this.graph.write<Requested>(
      `MATCH (c:Connection {id: $connectionId})
       SET c.requestLockedAt = datetime() // the node's write lock before its lease is read
       WITH c, ${LIVE} AS busy, c.requestedAt AS pending
       WITH c, busy, pending, CASE
         WHEN NOT busy THEN coalesce(pending, datetime())
         WHEN $force AND NOT coalesce(pending > c.leaseClaimedAt, false) THEN datetime()
         ELSE pending END AS since
       SET c.requestedAt = since, c.requestTrigger = CASE WHEN pending = since THEN c.requestTrigger ELSE $trigger END
       RETURN since, CASE WHEN busy THEN [(c)-[:HAS_RUN]->(r:SyncRun {id: c.leaseRunId}) | r {.*}][0] END AS running`,
      { connectionId, trigger, force },
      UNSEEN,
    );
    return rows[0] ?? null;
  }

  /**
   * Claims up to `limit` connections in one transaction: candidates in order, then each locked and checked again.
   * Through the fail-fast driver: the loop claims again every second, so a claim tried while Neo4j is away must
   * not keep retrying (the sync driver's retries can end ~34 s later) and hold the loop's next claims behind it
   * once Neo4j is back (CI saw a request wait past its 15 s answer for that).
   */
  async claim(f: ClaimFilter): Promise<Claimed[]> {
    if (f.limit <= 0) return [];
    return this.graph.api.writeTx(async (tx) => {
      const candidates = await tx.run(
        `CALL () {
           MATCH (c:Connection) WHERE c.requestedAt IS NOT NULL RETURN c
           UNION
           MATCH (c:Connection) WHERE $scheduled AND c.dueAt <= datetime() RETURN c
         }
         WITH c WHERE c.status = 'CONNECTED' AND c.provider IN $providers AND ($only IS NULL OR c.id = $only)
           AND coalesce(c.leaseExpiresAt < datetime(), true)
           AND ($only IS NOT NULL OR EXISTS { MATCH (c)-[:HAS_CREDENTIAL]->(k:Credential) WHERE k.keyId IN $keyIds })
         RETURN c.id AS id ORDER BY coalesce(c.requestedAt, c.dueAt), c.id LIMIT toInteger($limit)`,
        f,
      );
      const ids = candidates.records.map((r) => r.get('id') as string);
      if (ids.length === 0) return [];
      // Properties are read only after the lock: another claimant's commit is seen, never a value cached before it.
      const claimed = await tx.run(
        `UNWIND $ids AS id
         MATCH (c:Connection {id: id})
         SET c.leaseLockedAt = datetime()
         WITH c WHERE c.status = 'CONNECTED' AND coalesce(c.leaseExpiresAt < datetime(), true)
           AND (c.requestedAt IS NOT NULL OR ($scheduled AND c.dueAt <= datetime()))
         OPTIONAL MATCH (c)-[:HAS_RUN]->(stopped:SyncRun {id: c.leaseRunId, status: $running})
         SET stopped.status = $failed, stopped.finishedAt = datetime(), stopped.error = $stoppedReason
         WITH DISTINCT c
         CREATE (c)-[:HAS_RUN]->(r:SyncRun {id: randomUUID(), tenantId: c.tenantId, connectionId: c.id, status: $running, owner: $owner,
           trigger: CASE WHEN c.requestedAt IS NOT NULL THEN coalesce(c.requestTrigger, 'manual') ELSE 'schedule' END,
           startedAt: datetime(), finishedAt: null, error: null, warning: null, requestedAt: c.requestedAt})
         SET r += $counts, c.leaseOwner = $owner, c.leaseRunId = r.id, c.leaseClaimedAt = datetime(),
             c.leaseExpiresAt = datetime() + duration({milliseconds: $leaseMs}), c.leaseServesDue = coalesce(c.dueAt <= datetime(), true)
         WITH c, r
         ${bumpTenant('c.tenantId')}
         RETURN c {.*} AS connection, r {.*} AS run`,
        {
          ...f,
          ids,
          running: SyncRunStatus.RUNNING,
          failed: SyncRunStatus.FAILED,
          stoppedReason: STOPPED,
          counts: zeroCounts(),
        },
      );
      return claimed.records.map((r) => toPlain(r.toObject()) as Claimed);
    }, BUMPS_ITSELF);
  }

  /** The holder's heartbeat: pushes the expiry out; false when the lease was lost (taken over). */
  async extend(connectionId: string, runId: string, owner: string, leaseMs: number): Promise<boolean> {
    const rows = await this.graph.write(
      `MATCH (c:Connection {id: $connectionId}) WHERE c.leaseRunId = $runId AND c.leaseOwner = $owner
       SET c.leaseExpiresAt = datetime() + duration({milliseconds: $leaseMs}) RETURN c.id AS id`,
      { connectionId, runId, owner, leaseMs },
      UNSEEN,
    );
    return rows.length > 0;
  }

  /**
   * The run's end: the next slot when it served the due one (or the connection had none), the request cleared when
   * it was made before the claim, the lease released. It moves the tenant's version: the run's writes show at once.
   */
  async release(connectionId: string, runId: string, nextDueAt: Date | null): Promise<void> {
    await this.graph.write(
      `MATCH (c:Connection {id: $connectionId}) WHERE c.leaseRunId = $runId
       SET c.dueAt = CASE WHEN $nextDueAt IS NOT NULL AND (c.leaseServesDue OR c.dueAt IS NULL) THEN datetime($nextDueAt) ELSE c.dueAt END,
           c += CASE WHEN c.requestedAt <= c.leaseClaimedAt THEN {requestedAt: null, requestTrigger: null} ELSE {} END
       REMOVE c.leaseOwner, c.leaseRunId, c.leaseExpiresAt, c.leaseClaimedAt, c.leaseServesDue`,
      { connectionId, runId, nextDueAt: nextDueAt?.toISOString() ?? null },
      { connectionId },
    );
  }

  /** The first run that served a request made at `since` (null while none started). */
  async runFor(connectionId: string, since: Date): Promise<SyncRunRecord | null> {
    const rows = await this.graph.read<{ r: SyncRunRecord }>(
      `MATCH (r:SyncRun {connectionId: $connectionId}) WHERE r.requestedAt >= datetime($since)
       RETURN r {.*} AS r ORDER BY r.startedAt LIMIT 1`,
      { connectionId, since: since.toISOString() },
    );
    return rows[0]?.r ?? null;
  }

  /** Whether a live lease holds the connection (a run under way somewhere). */
  async held(connectionId: string): Promise<boolean> {
    const rows = await this.graph.read(`MATCH (c:Connection {id: $connectionId}) WHERE ${LIVE} RETURN c.id AS id`, { connectionId });
    return rows.length > 0;
  }

  /** Connections this deployment still has to run: requested or leased (what `idle` waits for). */
  async pending(providers: string[], keyIds: string[]): Promise<number> {
    const rows = await this.graph.read<{ n: number }>(
      // A run under way counts whatever the connection's status: it may have just marked it NEEDS_REAUTH, and its
      // record and lease are only written after that.
      `MATCH (c:Connection) WHERE c.provider IN $providers AND ((c.status = 'CONNECTED' AND c.requestedAt IS NOT NULL) OR (${LIVE}))
         AND EXISTS { MATCH (c)-[:HAS_CREDENTIAL]->(k:Credential) WHERE k.keyId IN $keyIds }
       RETURN count(c) AS n`,
      { providers, keyIds },
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Gives up to `limit` CONNECTED connections with no slot yet (new, or from before ADR 0015) `slotOf`'s; how many. */
  async place(limit: number, slotOf: (c: Placed) => Date): Promise<number> {
    return this.graph.writeTx(async (tx) => {
      const unplaced = await tx.run(
        `MATCH (c:Connection {status: 'CONNECTED'}) WHERE c.dueAt IS NULL
         RETURN c.id AS id, c.tenantId AS tenantId, c.provider AS provider, c.workspaceId AS workspaceId LIMIT toInteger($limit)`,
        { limit },
      );
      const slots = unplaced.records.map((r) => ({ id: r.get('id') as string, dueAt: slotOf(r.toObject() as Placed).toISOString() }));
      // Only where none was set meanwhile: a run that ended since the read placed its own next slot.
      await tx.run('UNWIND $slots AS s MATCH (c:Connection {id: s.id}) WHERE c.dueAt IS NULL SET c.dueAt = datetime(s.dueAt)', { slots });
      return slots.length;
    }, UNSEEN);
  }
}
