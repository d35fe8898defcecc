import type { Graph } from '../graph/graph';

/** Who holds a connection's sync lease, after an attempt to take it. */
export interface LeaseResult {
  acquired: boolean;
  runId: string;
}

/**
 * One sync per connection across every process sharing the database: a lease node per connection, taken
 * atomically, released when the run ends, and taken over once expired (a process that died mid-run).
 */
export class SyncLeaseRepository {
  constructor(
    private readonly graph: Graph,
    readonly owner: string,
    private readonly ttlSeconds: number,
  ) {}

  /** Takes the lease for `runId` unless another live holder has it; returns the holder's run either way. */
  async acquire(connectionId: string, runId: string): Promise<LeaseResult> {
    const rows = await this.graph.write<LeaseResult>(
      `MERGE (l:SyncLease {connectionId: $connectionId})
       SET l.lockedAt = datetime() // takes the node's write lock before the holder is read
       WITH l, (l.owner IS NULL OR l.expiresAt < datetime()) AS free
       SET l.owner = CASE WHEN free THEN $owner ELSE l.owner END,
           l.runId = CASE WHEN free THEN $runId ELSE l.runId END,
           l.expiresAt = CASE WHEN free THEN datetime() + duration({seconds: $ttl}) ELSE l.expiresAt END
       RETURN free AS acquired, l.runId AS runId`,
      { connectionId, runId, owner: this.owner, ttl: this.ttlSeconds },
    );
    return rows[0];
  }

  /** Releases the lease if this process still holds it for that run. */
  async release(connectionId: string, runId: string): Promise<void> {
    await this.graph.write('MATCH (l:SyncLease {connectionId: $connectionId, owner: $owner, runId: $runId}) DELETE l', {
      connectionId,
      owner: this.owner,
      runId,
    });
  }
}
