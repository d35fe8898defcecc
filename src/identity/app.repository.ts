import type { Graph } from '../graph/graph';
import type { AppRecord } from './identity.model';

/** Reads of SaaS-app nodes (Notion workspaces today), always inside one tenant. */
export class AppRepository {
  constructor(private readonly graph: Graph) {}

  /** Every app of the tenant, by name. */
  async list(tenantId: string): Promise<AppRecord[]> {
    const rows = await this.graph.read<{ w: AppRecord }>('MATCH (w:SaaSApp {tenantId: $tenantId}) RETURN w {.*} AS w ORDER BY w.name, w.id', {
      tenantId,
    });
    return rows.map((r) => r.w);
  }

  /** The apps with these ids, keyed by id, in one round trip. */
  async byIds(tenantId: string, ids: readonly string[]): Promise<Map<string, AppRecord>> {
    const rows = await this.graph.read<{ w: AppRecord }>('MATCH (w:SaaSApp {tenantId: $tenantId}) WHERE w.id IN $ids RETURN w {.*} AS w', {
      tenantId,
      ids,
    });
    return new Map(rows.map((r) => [r.w.id, r.w]));
  }

  /** Current member counts of these apps, keyed by id, in one round trip. */
  async memberCounts(tenantId: string, ids: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.graph.read<{ id: string; n: number }>(
      `UNWIND $ids AS id
       OPTIONAL MATCH (a:UserAccount {tenantId: $tenantId, appId: id})
       RETURN id, count(a) AS n`,
      { tenantId, ids },
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }
}
