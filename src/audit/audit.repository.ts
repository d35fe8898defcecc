import { type Graph, UNSEEN } from '../graph/graph';

/** One mutation as the audit trail keeps it: never a token, code, state or secret (see src/graphql/audit-plugin.ts). */
export interface AuditEventInput {
  tenantId: string;
  /** The caller's `sub` claim, or "unknown". */
  actor: string;
  /** The mutation's field name, e.g. disconnectNotion. */
  action: string;
  /** The connection or app acted on, when the arguments or the result name one. */
  target: string | null;
  /** "ok", or the error's code (FORBIDDEN, NOT_FOUND, INTERNAL, …). */
  outcome: string;
  /** The error's reason (e.g. ADMIN_ROLE_REQUIRED), when it has one. */
  reason: string | null;
  /** The mutation's Boolean and enum arguments as JSON (e.g. {"purge":true}); null when it has none. */
  options: string | null;
}

export interface AuditEventRecord extends AuditEventInput {
  id: string;
  at: Date;
}

/**
 * The audit trail in Neo4j: `(:AuditEvent)` nodes, one per mutation, apart from the identity graph. Give it the
 * API's fast-failing graph (`graph.api`): an event write never waits out the sync's long retries (issue 19).
 */
export class AuditRepository {
  constructor(private readonly graph: Graph) {}

  /**
   * Records one event; its id and time are the database's. It does not move the tenant's version: the trail is
   * not in any cached answer (`auditEvents` is never cached), so a refused mutation costs the tenant's cache nothing.
   */
  async record(event: AuditEventInput): Promise<void> {
    await this.graph.write(
      `CREATE (:AuditEvent {id: randomUUID(), tenantId: $tenantId, actor: $actor, action: $action, target: $target,
         outcome: $outcome, reason: $reason, options: $options, at: datetime()})`,
      { ...event },
      UNSEEN,
    );
  }

  /** The tenant's event with this id, or null. */
  async get(tenantId: string, id: string): Promise<AuditEventRecord | null> {
    const rows = await this.graph.read<{ e: AuditEventRecord }>(
      'MATCH (e:AuditEvent {id: $id}) WHERE e.tenantId = $tenantId RETURN e {.*} AS e',
      {
        tenantId,
        id,
      },
    );
    return rows[0]?.e ?? null;
  }

  /** A tenant's events, newest first, since `since` (inclusive) when given, after the "<at>|<id>" key `afterKey`. */
  async page(
    tenantId: string,
    first: number,
    afterKey: string | null,
    since: Date | null,
  ): Promise<{ events: AuditEventRecord[]; keys: string[]; hasNextPage: boolean }> {
    const rows = await this.graph.read<{ e: AuditEventRecord; key: string }>(
      `MATCH (e:AuditEvent {tenantId: $tenantId})
       WHERE ($since IS NULL OR e.at >= datetime($since))
         AND ($afterKey IS NULL OR e.at < datetime(split($afterKey, '|')[0])
              OR (e.at = datetime(split($afterKey, '|')[0]) AND e.id < split($afterKey, '|')[1]))
       RETURN e {.*} AS e, toString(e.at) + '|' + e.id AS key ORDER BY e.at DESC, e.id DESC LIMIT toInteger($limit)`,
      { tenantId, afterKey, since: since?.toISOString() ?? null, limit: first + 1 },
    );
    const page = rows.slice(0, first);
    return { events: page.map((r) => r.e), keys: page.map((r) => r.key), hasNextPage: rows.length > first };
  }

  /** Deletes every tenant's events older than `days`, a batch per transaction so a large backlog never makes one huge one; returns how many. */
  async prune(days: number, batchSize = 10_000): Promise<number> {
    let total = 0;
    for (;;) {
      const [row] = await this.graph.write<{ n: number }>(
        `MATCH (e:AuditEvent) WHERE e.at < datetime() - duration({days: $days})
         WITH e LIMIT toInteger($batchSize)
         WITH collect(e) AS batch
         FOREACH (x IN batch | DELETE x)
         RETURN size(batch) AS n`,
        { days, batchSize },
        // No cached answer holds the trail (auditEvents is never cached), so no tenant's version moves.
        UNSEEN,
      );
      total += row?.n ?? 0;
      if ((row?.n ?? 0) < batchSize) return total;
    }
  }
}
