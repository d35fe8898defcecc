import type { Graph } from '../graph/graph';

/**
 * Each person's employment status as the directory says it (ADR 0014), stored on the User with the moment a
 * sync first saw it (`employmentSince`): a status that did not change keeps its moment across re-syncs.
 * UNKNOWN until a directory app has had a complete sync; a deleted directory user is a former account of it.
 */
const REFRESH = `
  OPTIONAL MATCH (t:Tenant {id: $tenantId})
  WITH coalesce(t.directoryDomains, []) AS domains,
       EXISTS { MATCH (w:SaaSApp {tenantId: $tenantId, directory: true}) WHERE w.baselineAt IS NOT NULL } AS known
  MATCH (u:User {tenantId: $tenantId})
  CALL (u) {
    OPTIONAL MATCH (u)-[:HAS_ACCOUNT]->(d:UserAccount)-[:MEMBER_OF|FORMER_MEMBER_OF]->(:SaaSApp {directory: true})
    WITH d ORDER BY d.removedAt IS NOT NULL, d.removedAt DESC
    RETURN head(collect(d)) AS d
  }
  WITH u, CASE
    WHEN NOT known THEN 'UNKNOWN'
    WHEN d IS NULL THEN
      CASE WHEN any(x IN domains WHERE u.email ENDS WITH '@' + x OR u.email ENDS WITH '.' + x) THEN 'NOT_IN_DIRECTORY' ELSE 'EXTERNAL' END
    WHEN d.removedAt IS NOT NULL THEN 'DELETED'
    WHEN d.archived THEN 'ARCHIVED'
    WHEN d.suspended THEN 'SUSPENDED'
    ELSE 'ACTIVE' END AS status
  WHERE coalesce(u.employmentStatus, 'UNKNOWN') <> status
  SET u.employmentStatus = status, u.employmentSince = CASE WHEN status = 'UNKNOWN' THEN null ELSE datetime() END
  RETURN count(u) AS n`;

/** Recomputes every person's status in the tenant; returns how many changed. */
export async function refreshEmployment(graph: Graph, tenantId: string): Promise<number> {
  const [row] = await graph.write<{ n: number }>(REFRESH, { tenantId }, { tenantId });
  return row?.n ?? 0;
}

/** Whether the tenant has a directory app (connected or kept after a disconnect): only then statuses can change. */
export async function hasDirectory(graph: Graph, tenantId: string): Promise<boolean> {
  const rows = await graph.read<{ n: number }>('MATCH (w:SaaSApp {tenantId: $tenantId, directory: true}) RETURN count(w) AS n', {
    tenantId,
  });
  return (rows[0]?.n ?? 0) > 0;
}
