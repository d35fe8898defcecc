import type { Graph, Params } from '../graph/graph';
import { MEMBER_COUNT } from './app-ref';
import type { AppFilterInput, AppKey, AppRecord } from './identity.model';

/** A page of apps, each with the sort key its cursor records. */
export interface AppPage {
  apps: AppRecord[];
  keys: string[];
  hasNextPage: boolean;
  totalCount: () => Promise<number>;
}

/** An app as the API shows it; `scheduled` says whether a connected connection syncs it on schedule. */
/** An app's times: projected as epoch milliseconds, turned into Dates by `toApp`. */
const APP_TIMES = ['firstSeen', 'lastUpdated', 'lastSuccessfulSyncAt', 'baselineAt'] as const;

/**
 * An app as every read returns it (bound to `w`), to be passed through `toApp`. Its times travel as epoch
 * milliseconds: the driver's DateTime decoding and conversion allocated ~200 KiB per page of users for the
 * three apps of the page (ADR 0010, fourth amendment).
 */
export const APP_PROJECTION = `w {.*, scheduled: EXISTS { (:Connection {status: 'CONNECTED'})-[:SYNCS]->(w) },
  ${APP_TIMES.map((t) => `${t}: w.${t}.epochMillis`).join(', ')}}`;

/** An app read through APP_PROJECTION, its times made Dates (in place: the driver built it for this result alone). */
export function toApp(w: AppRecord): AppRecord {
  const raw = w as unknown as Record<string, unknown>;
  for (const t of APP_TIMES) raw[t] = typeof raw[t] === 'number' ? new Date(raw[t]) : null;
  return w;
}

/** One string per app key, for maps and DataLoader caches (no provider id holds a NUL). */
export const appKeyOf = (k: AppKey): string => `${k.provider}\u0000${k.id}`;

/** Sorted by lower-cased name, then id; the key holds both so names shared by two apps page correctly. */
const SORT_KEY = "toLower(coalesce(w.name, '')) + '\\u0000' + w.provider + '\\u0000' + w.id";

function filterClause(filter: AppFilterInput | null | undefined, params: Params): string[] {
  const where: string[] = [];
  if (filter?.nameContains) {
    params.nameContains = filter.nameContains.toLowerCase();
    where.push('toLower(w.name) CONTAINS $nameContains');
  }
  if (filter?.provider) {
    params.provider = filter.provider;
    where.push('w.provider = $provider');
  }
  return where;
}

/** Reads of SaaS-app nodes (Notion workspaces today, any provider tomorrow), always inside one tenant. */
export class AppRepository {
  constructor(private readonly graph: Graph) {}

  /** Every matching app of the tenant, by name (the `workspaces` list). */
  async list(tenantId: string, filter?: AppFilterInput | null): Promise<AppRecord[]> {
    const params: Params = { tenantId };
    const where = filterClause(filter, params);
    const rows = await this.graph.read<{ w: AppRecord }>(
      `MATCH (w:SaaSApp {tenantId: $tenantId}) ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       RETURN ${APP_PROJECTION} AS w ORDER BY ${SORT_KEY}`,
      params,
    );
    return rows.map((r) => toApp(r.w));
  }

  /** One page of apps after a cursor's key; the count runs only when asked for. */
  async page(tenantId: string, first: number, afterKey: string | null, filter?: AppFilterInput | null): Promise<AppPage> {
    const params: Params = { tenantId, afterKey, limit: first + 1 };
    const where = ['($afterKey IS NULL OR key > $afterKey)', ...filterClause(filter, params)];
    const rows = await this.graph.read<{ w: AppRecord; key: string }>(
      `MATCH (w:SaaSApp {tenantId: $tenantId})
       WITH w, ${SORT_KEY} AS key WHERE ${where.join(' AND ')}
       RETURN ${APP_PROJECTION} AS w, key ORDER BY key LIMIT toInteger($limit)`,
      params,
    );
    const countParams: Params = { tenantId };
    const countWhere = filterClause(filter, countParams);
    const page = rows.slice(0, first);
    return {
      apps: page.map((r) => toApp(r.w)),
      keys: page.map((r) => r.key),
      hasNextPage: rows.length > first,
      totalCount: async () => {
        const [row] = await this.graph.read<{ n: number }>(
          `MATCH (w:SaaSApp {tenantId: $tenantId}) ${countWhere.length ? 'WHERE ' + countWhere.join(' AND ') : ''} RETURN count(w) AS n`,
          countParams,
        );
        return row.n;
      },
    };
  }

  /** The apps with these keys, keyed by `appKeyOf`, in one round trip. */
  async byKeys(tenantId: string, keys: readonly AppKey[]): Promise<Map<string, AppRecord>> {
    const rows = await this.graph.read<{ w: AppRecord }>(
      `UNWIND $keys AS k
       MATCH (w:SaaSApp {tenantId: $tenantId, provider: k.provider, id: k.id}) RETURN ${APP_PROJECTION} AS w`,
      { tenantId, keys: keys.map((k) => ({ provider: k.provider, id: k.id })) },
    );
    return new Map(rows.map((r) => [appKeyOf(r.w), toApp(r.w)]));
  }

  /**
   * The tenant's apps whose provider id is `id`, of any provider (a raw app id, deprecated: ADR 0017, ADR 0020), by
   * provider. Two providers may use one id; the caller decides what that means.
   */
  async withId(tenantId: string, id: string): Promise<AppRecord[]> {
    const rows = await this.graph.read<{ w: AppRecord }>(
      `MATCH (w:SaaSApp {tenantId: $tenantId}) WHERE w.id = $id RETURN ${APP_PROJECTION} AS w ORDER BY w.provider`,
      { tenantId, id },
    );
    return rows.map((r) => toApp(r.w));
  }

  /** The tenant's app of this provider with this id, or null. */
  async get(tenantId: string, provider: string, id: string): Promise<AppRecord | null> {
    const rows = await this.graph.read<{ w: AppRecord }>(
      `MATCH (w:SaaSApp {tenantId: $tenantId, provider: $provider, id: $id}) RETURN ${APP_PROJECTION} AS w`,
      { tenantId, provider, id },
    );
    return rows[0] ? toApp(rows[0].w) : null;
  }

  /** Current member counts of these apps, keyed by `appKeyOf`, in one round trip. */
  async memberCounts(tenantId: string, keys: readonly AppKey[]): Promise<Map<string, number>> {
    const rows = await this.graph.read<{ provider: string; id: string; n: number }>(
      `UNWIND $keys AS k
       OPTIONAL MATCH (w:SaaSApp {tenantId: $tenantId, provider: k.provider, id: k.id})
       RETURN k.provider AS provider, k.id AS id, sum(${MEMBER_COUNT}) AS n`,
      { tenantId, keys: keys.map((k) => ({ provider: k.provider, id: k.id })) },
    );
    return new Map(rows.map((r) => [appKeyOf(r), r.n]));
  }
}
