import type { Graph } from '../graph/graph';
import { validDomains } from './tenant.repository';

/**
 * Stores the domains a directory sync listed as the tenant's (DomainSource.DIRECTORY); setTenantDomains still
 * overrides them. A name that is not a plain domain is left out rather than failing the sync.
 */
export async function setDirectoryDomains(graph: Graph, tenantId: string, listed: readonly string[]): Promise<void> {
  const domains = listed.flatMap((d) => {
    try {
      return validDomains([d]);
    } catch {
      return [];
    }
  });
  await graph.write(
    'MERGE (t:Tenant {id: $tenantId}) SET t.directoryDomains = $domains',
    { tenantId, domains: [...new Set(domains)].sort().slice(0, 200) },
    { tenantId },
  );
}

/** Forgets the directory's domains (its app was purged). */
export async function clearDirectoryDomains(graph: Graph, tenantId: string): Promise<void> {
  await graph.write('MATCH (t:Tenant {id: $tenantId}) REMOVE t.directoryDomains', { tenantId }, { tenantId });
}
