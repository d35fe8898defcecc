import { BUMPS_ITSELF, type Graph } from '../graph/graph';
import { bumpTenant } from '../graph/tenant-version';
import { type SyncCounts, type SyncRunRecord, SyncRunStatus, zeroCounts } from './sync-run.model';

const RETURN_RUN = 'RETURN r {.*} AS r';

/** SyncRun nodes, each linked from its connection, newest found by startedAt. */
export class SyncRunRepository {
  constructor(private readonly graph: Graph) {}

  /** Records a new RUNNING run for a connection. */
  async start(connectionId: string, id: string, trigger: string): Promise<SyncRunRecord> {
    const rows = await this.graph.write<{ r: SyncRunRecord }>(
      `MATCH (c:Connection {id: $connectionId})
       CREATE (c)-[:HAS_RUN]->(r:SyncRun {id: $id, tenantId: c.tenantId, connectionId: $connectionId, trigger: $trigger,
               status: $running, startedAt: datetime(), finishedAt: null, error: null, warning: null})
       SET r += $counts
       ${RETURN_RUN}`,
      { connectionId, id, trigger, running: SyncRunStatus.RUNNING, counts: zeroCounts() },
      { connectionId },
    );
    return rows[0].r;
  }

  /** Closes a run with its outcome and counts. */
  async finish(
    id: string,
    status: Exclude<SyncRunStatus, SyncRunStatus.RUNNING>,
    counts: SyncCounts,
    error: string | null,
    warning: string | null,
  ): Promise<SyncRunRecord> {
    const rows = await this.graph.write<{ r: SyncRunRecord }>(
      `MATCH (r:SyncRun {id: $id})
       SET r += $counts, r.status = $status, r.finishedAt = datetime(), r.error = $error, r.warning = $warning
       ${RETURN_RUN}`,
      { id, status, counts, error, warning },
      { runId: id },
    );
    return rows[0].r;
  }

  /** The tenant's run with this id, or null. */
  async get(tenantId: string, id: string): Promise<SyncRunRecord | null> {
    const rows = await this.graph.read<{ r: SyncRunRecord }>(`MATCH (r:SyncRun {id: $id}) WHERE r.tenantId = $tenantId ${RETURN_RUN}`, {
      tenantId,
      id,
    });
    return rows[0]?.r ?? null;
  }

  /** A connection's runs, newest first, after a cursor's key (startedAt and id). */
  async page(
    tenantId: string,
    connectionId: string,
    first: number,
    afterKey: string | null,
  ): Promise<{ runs: SyncRunRecord[]; keys: string[]; hasNextPage: boolean }> {
    const rows = await this.graph.read<{ r: SyncRunRecord; key: string }>(
      `MATCH (r:SyncRun {connectionId: $connectionId}) WHERE r.tenantId = $tenantId
       WITH r, toString(r.startedAt) + '|' + r.id AS key
       WHERE $afterKey IS NULL OR r.startedAt < datetime(split($afterKey, '|')[0])
          OR (r.startedAt = datetime(split($afterKey, '|')[0]) AND r.id > split($afterKey, '|')[1])
       RETURN r {.*} AS r, key ORDER BY r.startedAt DESC, r.id ASC LIMIT toInteger($limit)`,
      { tenantId, connectionId, afterKey, limit: first + 1 },
    );
    const page = rows.slice(0, first);
    return { runs: page.map((x) => x.r), keys: page.map((x) => x.key), hasNextPage: rows.length > first };
  }

  /** A run by id, whatever its tenant (for the sync lease, never for the API). */
  async find(id: string): Promise<SyncRunRecord | null> {
    const rows = await this.graph.read<{ r: SyncRunRecord }>(`MATCH (r:SyncRun {id: $id}) ${RETURN_RUN}`, { id });
    return rows[0]?.r ?? null;
  }

  /** The newest run of each given connection, in one round trip. */
  async latestFor(connectionIds: string[]): Promise<Map<string, SyncRunRecord>> {
    const rows = await this.graph.read<{ r: SyncRunRecord }>(
      `UNWIND $connectionIds AS cid
       CALL (cid) {
         MATCH (r:SyncRun {connectionId: cid}) RETURN r ORDER BY r.startedAt DESC LIMIT 1
       }
       ${RETURN_RUN}`,
      { connectionIds },
    );
    return new Map(rows.map(({ r }) => [r.connectionId, r]));
  }

  /** Marks runs left RUNNING by a process that died as FAILED, so no connection shows a phantom run. */
  async failAbandoned(olderThanMinutes: number): Promise<number> {
    const rows = await this.graph.write<{ n: number }>(
      `MATCH (r:SyncRun {status: $running}) WHERE r.startedAt < datetime() - duration({minutes: $minutes})
       SET r.status = $failed, r.finishedAt = datetime(), r.error = 'The server stopped before this run finished.'
       WITH collect(DISTINCT r.tenantId) AS tenants, count(r) AS n
       CALL (tenants) { UNWIND tenants AS tenantId ${bumpTenant('tenantId')} }
       RETURN n`,
      { running: SyncRunStatus.RUNNING, failed: SyncRunStatus.FAILED, minutes: olderThanMinutes },
      BUMPS_ITSELF,
    );
    return rows[0]?.n ?? 0;
  }
}
