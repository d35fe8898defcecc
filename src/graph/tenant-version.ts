import type { Params } from './graph';

/** A write no API answer reads (leases, OAuth states, sealed tokens, cron firings, schema): no tenant's version moves. */
export const UNSEEN = 'unseen';
/** A write whose statement bumps the versions of the tenants it touches itself (with `bumpTenants`). */
export const BUMPS_ITSELF = 'bumps-itself';

/**
 * Whose cached answers a write ends (ADR 0009 amendment): a tenant, the tenant of a connection, or the tenant
 * of a sync run. Call sites pass the id they hold; the Graph finds the tenant in the same transaction.
 */
export type WriteScope = { tenantId: string } | { connectionId: string } | { runId: string } | typeof UNSEEN | typeof BUMPS_ITSELF;

/** Cypher that bumps the version of the tenant whose id `expr` holds (a parameter or a bound property). */
export const bumpTenant = (expr: string) => `MERGE (tv:Tenant {id: ${expr}}) SET tv.version = coalesce(tv.version, 0) + 1`;

/** The statement that bumps a scope's tenant, or null when the scope moves no version here. */
export function bumpStatement(scope: WriteScope): { cypher: string; params: Params } | null {
  if (scope === UNSEEN || scope === BUMPS_ITSELF) return null;
  if ('tenantId' in scope) return { cypher: bumpTenant('$tenantId'), params: scope };
  if ('connectionId' in scope) return { cypher: `MATCH (c:Connection {id: $connectionId}) ${bumpTenant('c.tenantId')}`, params: scope };
  return { cypher: `MATCH (r:SyncRun {id: $runId}) ${bumpTenant('r.tenantId')}`, params: scope };
}
