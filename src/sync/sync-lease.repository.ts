import { type Graph, UNSEEN } from '../graph/graph';

/** Who holds a connection's sync lease, after an attempt to take it. */
export interface LeaseResult {
  acquired: boolean;
  runId: string;
}

/**
 * One sync per connection across every process sharing the database: a lease node per connection, taken
 * atomically, kept alive by the holder's heartbeat, released when the run ends, and taken over once expired
 * (the holder died: its run is then closed as FAILED) or once its run is finished (release was lost).
 */
export class SyncLeaseRepository {
  constructor(
    private readonly graph: Graph,
    readonly owner: string,
    readonly ttlSeconds: number,
  ) {}

  /** Takes the lease for `runId` unless another live holder has it; returns the holder's run either way. */
  async acquire(connectionId: string, runId: string): Promise<LeaseResult> {
    const rows = await this.graph.write<LeaseResult>(
      `MERGE (l:SyncLease {connectionId: $connectionId})
       SET l.lockedAt = datetime() // takes the node's write lock before the holder is read
       WITH l, l.runId AS previousRun,
            (l.owner IS NULL OR l.expiresAt < datetime()
              OR EXISTS { MATCH (r:SyncRun {id: l.runId}) WHERE r.status <> 'RUNNING' }) AS free
       SET l.owner = CASE WHEN free THEN $owner ELSE l.owner END,
           l.runId = CASE WHEN free THEN $runId ELSE l.runId END,
           l.expiresAt = CASE WHEN free THEN datetime() + duration({seconds: $ttl}) ELSE l.expiresAt END
       WITH l, free, previousRun
       OPTIONAL MATCH (abandoned:SyncRun {id: previousRun, status: 'RUNNING'}) WHERE free
       SET abandoned.status = 'FAILED', abandoned.finishedAt = datetime(),
           abandoned.error = 'The process running this sync stopped before it finished (its lease expired).'
       RETURN free AS acquired, l.runId AS runId`,
      { connectionId, runId, owner: this.owner, ttl: this.ttlSeconds },
      // It may end an abandoned run, which the connection's lastSync shows.
      { connectionId },
    );
    return rows[0];
  }

  /** The holder's heartbeat: pushes the expiry out again; false when the lease was lost. */
  async extend(connectionId: string, runId: string): Promise<boolean> {
    const rows = await this.graph.write(
      `MATCH (l:SyncLease {connectionId: $connectionId, owner: $owner, runId: $runId})
       SET l.expiresAt = datetime() + duration({seconds: $ttl}) RETURN l.runId AS runId`,
      { connectionId, owner: this.owner, runId, ttl: this.ttlSeconds },
      UNSEEN,
    );
    return rows.length > 0;
  }

  /** Whether a live holder has the connection's lease (a run under way somewhere). */
  async held(connectionId: string): Promise<boolean> {
    const rows = await this.graph.read(
      `MATCH (l:SyncLease {connectionId: $connectionId}) WHERE l.expiresAt >= datetime()
       AND EXISTS { MATCH (r:SyncRun {id: l.runId}) WHERE r.status = 'RUNNING' } RETURN l.runId AS runId`,
      { connectionId },
    );
    return rows.length > 0;
  }

  /** Releases the lease if this process still holds it for that run. */
  async release(connectionId: string, runId: string): Promise<void> {
    await this.graph.write(
      'MATCH (l:SyncLease {connectionId: $connectionId, owner: $owner, runId: $runId}) DELETE l',
      {
        connectionId,
        owner: this.owner,
        runId,
      },
      UNSEEN,
    );
  }
}
