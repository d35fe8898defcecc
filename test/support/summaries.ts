import type { Graph } from '../../src/graph/graph';
import { SUMMARY_OF_U } from '../../src/identity/user.summary';

/**
 * Every User's stored summary (src/identity/user.summary.ts) against the derivation from its accounts, over the
 * whole graph: the harness runs it when a suite closes, so any writer that changes accounts without refreshing
 * its users' summaries fails the suite that exercised it. Returns the users that disagree (none when consistent).
 */
export async function staleSummaries(graph: Graph): Promise<{ tenantId: string; email: string; stored: unknown; derived: unknown }[]> {
  return graph.read(
    `MATCH (u:User)
     ${SUMMARY_OF_U}
     WITH u, current, name WHERE u.current IS NULL OR u.current <> current OR coalesce(u.name, '\\u0000') <> coalesce(name, '\\u0000')
     RETURN u.tenantId AS tenantId, u.email AS email, {current: u.current, name: u.name} AS stored, {current: current, name: name} AS derived
     LIMIT 20`,
  );
}
