import type { RunCoordinator } from 'node-cron';
import { type Graph, UNSEEN } from '../graph/graph';

/** How long finished firings are kept (as a record of which replica ran what) before they are pruned. */
const KEEP_FIRINGS_DAYS = 7;

/**
 * node-cron's run coordinator for `distributed` tasks, backed by a lease in Neo4j: every replica fires at the
 * same slot, and only the one that claims the slot's key runs it. A claim is atomic (the node's write lock
 * serialises claimants), carries an expiry, is released (marked completed) when the firing ends, and an
 * unfinished claim past its expiry (its holder crashed) may be taken over by a replica that fires late.
 */
export class Neo4jRunCoordinator implements RunCoordinator {
  constructor(
    private readonly graph: Graph,
    private readonly owner: string,
  ) {}

  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    const rows = await this.graph.write<{ claimed: boolean }>(
      `MERGE (f:CronFiring {key: $key})
       ON CREATE SET f.createdAt = datetime()
       SET f.lockedAt = datetime() // takes the node's write lock before the holder is read
       WITH f, (f.owner IS NULL OR (f.completedAt IS NULL AND f.expiresAt < datetime())) AS free
       SET f.owner = CASE WHEN free THEN $owner ELSE f.owner END,
           f.expiresAt = CASE WHEN free THEN datetime() + duration({milliseconds: $ttlMs}) ELSE f.expiresAt END
       RETURN free AS claimed`,
      { key, owner: this.owner, ttlMs },
      UNSEEN,
    );
    await this.prune();
    return rows[0]?.claimed === true;
  }

  async onComplete(key: string): Promise<void> {
    await this.graph.write(
      'MATCH (f:CronFiring {key: $key, owner: $owner}) SET f.completedAt = datetime()',
      { key, owner: this.owner },
      UNSEEN,
    );
  }

  private async prune(): Promise<void> {
    await this.graph.write(
      'MATCH (f:CronFiring) WHERE f.createdAt < datetime() - duration({days: $days}) DELETE f',
      { days: KEEP_FIRINGS_DAYS },
      UNSEEN,
    );
  }
}
