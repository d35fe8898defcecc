import type { Graph } from '../graph/graph';
import type { AppKey, MembershipChangeRecord } from './identity.model';

export interface ChangePage {
  changes: MembershipChangeRecord[];
  keys: string[];
  hasNextPage: boolean;
}

const CHANGE = 'm {.id, .kind, .at, .appId, .accountId, .email, .name}';

/** Joins and leaves recorded by the sync, newest first; history is never rewritten. */
export class MembershipChangeRepository {
  constructor(private readonly graph: Graph) {}

  /** The tenant's change with this id, or null. */
  async get(tenantId: string, id: string): Promise<MembershipChangeRecord | null> {
    const rows = await this.graph.read<{ c: MembershipChangeRecord }>(
      `MATCH (m:MembershipChange {tenantId: $tenantId, id: $id}) RETURN ${CHANGE} AS c`,
      { tenantId, id },
    );
    return rows[0]?.c ?? null;
  }

  /** Changes of one app at or after `since`, newest first, after a cursor's key. */
  async page(tenantId: string, app: AppKey, since: Date, first: number, afterKey: string | null): Promise<ChangePage> {
    const rows = await this.graph.read<{ c: MembershipChangeRecord; key: string }>(
      `MATCH (m:MembershipChange {tenantId: $tenantId, appId: $appId}) WHERE m.provider = $provider AND m.at >= datetime($since)
       WITH m, toString(m.at) + '|' + m.id AS key
       WHERE $afterKey IS NULL OR m.at < datetime(split($afterKey, '|')[0])
          OR (m.at = datetime(split($afterKey, '|')[0]) AND m.id > split($afterKey, '|')[1])
       RETURN ${CHANGE} AS c, key
       ORDER BY m.at DESC, m.id ASC LIMIT toInteger($limit)`,
      { tenantId, appId: app.id, provider: app.provider, since: since.toISOString(), afterKey, limit: first + 1 },
    );
    const page = rows.slice(0, first);
    return { changes: page.map((r) => r.c), keys: page.map((r) => r.key), hasNextPage: rows.length > first };
  }
}
