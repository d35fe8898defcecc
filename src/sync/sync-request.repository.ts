import { randomUUID } from 'node:crypto';
import { type Graph, UNSEEN } from '../graph/graph';

/** A sync an API process asked for, as a worker claims it. */
export interface ClaimedRequest {
  id: string;
  tenantId: string;
  connectionId: string;
  trigger: string;
}

/** A claim whose worker never recorded a run (it died in between) is given to another worker after this long. */
const RECLAIM_AFTER_SECONDS = 60;
/** Answered requests are kept this long (who asked, which run answered) before they are pruned. */
const KEEP_DAYS = 2;

/**
 * Syncs asked for by processes that run none (SYNC_ROLE=api), through Neo4j: the API records a request, a
 * worker claims it atomically (the node's write lock serialises claimants), starts the run (whose lease still
 * guarantees one run per connection) and records the run on the request, which the API is waiting to read.
 * One open request per connection: asking again before a worker claimed it returns the same request.
 */
export class SyncRequestRepository {
  constructor(private readonly graph: Graph) {}

  /** Records a request (or finds the connection's open one) and returns its id. */
  async create(tenantId: string, connectionId: string, trigger: string): Promise<string> {
    const rows = await this.graph.write<{ id: string }>(
      `MERGE (q:SyncRequest {connectionId: $connectionId, state: 'OPEN'})
       ON CREATE SET q.id = $id, q.tenantId = $tenantId, q.trigger = $trigger, q.requestedAt = datetime()
       RETURN q.id AS id`,
      { tenantId, connectionId, trigger, id: randomUUID() },
      UNSEEN, // requests are read by id, never through a cached answer
    );
    return rows[0].id;
  }

  /** Claims up to `limit` open requests (and claims left behind by a dead worker), oldest first. */
  async claim(owner: string, limit: number): Promise<ClaimedRequest[]> {
    return this.graph.write<ClaimedRequest>(
      `MATCH (q:SyncRequest)
       WHERE q.state = 'OPEN' OR (q.state = 'CLAIMED' AND q.claimedAt < datetime() - duration({seconds: $reclaim}))
       WITH q ORDER BY q.requestedAt LIMIT toInteger($limit)
       SET q.lockedAt = datetime() // takes the node's write lock before its state is read again
       WITH q WHERE q.state = 'OPEN' OR (q.state = 'CLAIMED' AND q.claimedAt < datetime() - duration({seconds: $reclaim}))
       SET q.state = 'CLAIMED', q.owner = $owner, q.claimedAt = datetime()
       RETURN q.id AS id, q.tenantId AS tenantId, q.connectionId AS connectionId, q.trigger AS trigger`,
      { owner, limit, reclaim: RECLAIM_AFTER_SECONDS },
      UNSEEN,
    );
  }

  /** Answers a claimed request with the run that serves it (started now, or already under way). */
  async answer(id: string, runId: string | null, outcome: 'STARTED' | 'DROPPED'): Promise<void> {
    await this.graph.write(
      `MATCH (q:SyncRequest {id: $id}) SET q.state = $outcome, q.runId = $runId, q.answeredAt = datetime()
       WITH count(*) AS answered
       MATCH (old:SyncRequest) WHERE old.answeredAt < datetime() - duration({days: $keep}) DELETE old`,
      { id, runId, outcome, keep: KEEP_DAYS },
      UNSEEN,
    );
  }

  /** The request's state and run (null until a worker answered it). */
  async find(id: string): Promise<{ state: string; runId: string | null } | null> {
    const rows = await this.graph.read<{ state: string; runId: string | null }>(
      'MATCH (q:SyncRequest {id: $id}) RETURN q.state AS state, q.runId AS runId',
      { id },
    );
    return rows[0] ?? null;
  }
}
