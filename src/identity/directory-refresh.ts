import type { Graph } from '../graph/graph';
import { reconcileAliases } from './alias.reconcile';
import type { AppRef } from './app-ref';
import { hasDirectory, refreshEmployment } from './employment.writer';
import { clearDirectoryDomains, setDirectoryDomains } from '../tenants/directory-domains';

/**
 * After a member phase that read everyone: a directory's domains, aliases and owners are applied (ADR 0014),
 * then statuses are recomputed. Another app's run recomputes only when it wrote something and the tenant has a
 * directory, so a Notion-only tenant pays one read.
 */
export async function afterMembers(graph: Graph, ref: AppRef, domains: string[] | null, changed: boolean): Promise<void> {
  if (ref.directory) {
    if (domains) await setDirectoryDomains(graph, ref.tenantId, domains);
    await reconcileAliases(graph, ref.tenantId);
    await refreshEmployment(graph, ref.tenantId);
  } else if (changed && (await hasDirectory(graph, ref.tenantId))) {
    await refreshEmployment(graph, ref.tenantId);
  }
}

/** After an app was purged: a purged directory takes its domains and statuses with it. */
export async function afterPurge(graph: Graph, tenantId: string): Promise<void> {
  if (!(await hasDirectory(graph, tenantId))) await clearDirectoryDomains(graph, tenantId);
  await refreshEmployment(graph, tenantId);
}
