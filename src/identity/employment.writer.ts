import type { Graph } from '../graph/graph';

/**
 * One directory account's own view of its person, for a bound `d` (a UserAccount of a directory app): DELETED once
 * it left the directory, EXTERNAL for an active guest, else the status the directory gave (ADR 0016).
 */
export const DIRECTORY_VIEW = `CASE
    WHEN d.removedAt IS NOT NULL THEN 'DELETED'
    WHEN d.guest AND d.directoryStatus = 'ACTIVE' THEN 'EXTERNAL'
    ELSE coalesce(d.directoryStatus, 'ACTIVE') END`;

/** Views by precedence: active in any directory wins, then a guest, then the mildest leaver's status. */
const RANK = "['ACTIVE', 'EXTERNAL', 'SUSPENDED', 'ARCHIVED', 'DELETED']";

/** Orders bound `view`s by that precedence (an ORDER BY expression). */
export const VIEW_ORDER = `[i IN range(0, size(${RANK}) - 1) WHERE ${RANK}[i] = view][0]`;

/**
 * Each person's employment status over every directory of the tenant (ADR 0014, 0016), stored on the User with the
 * moment a sync first saw it (`employmentSince`): a status that did not change keeps its moment across re-syncs.
 * ACTIVE when any directory has them active; otherwise the highest-ranked view of the directories that know
 * them; NOT_IN_DIRECTORY or EXTERNAL (by domain) when none does. UNKNOWN until a directory has had a complete sync.
 */
const REFRESH = `
  OPTIONAL MATCH (t:Tenant {id: $tenantId})
  WITH coalesce(t.directoryDomains, []) AS domains,
       EXISTS { MATCH (w:SaaSApp {tenantId: $tenantId, directory: true}) WHERE w.baselineAt IS NOT NULL } AS known
  MATCH (u:User {tenantId: $tenantId})
  CALL (u) {
    OPTIONAL MATCH (u)-[:HAS_ACCOUNT]->(d:UserAccount)-[:MEMBER_OF|FORMER_MEMBER_OF]->(:SaaSApp {directory: true})
    WITH d, ${DIRECTORY_VIEW} AS view WHERE d IS NOT NULL
    RETURN min(${VIEW_ORDER}) AS best
  }
  WITH u, CASE
    WHEN NOT known THEN 'UNKNOWN'
    WHEN best IS NULL THEN
      CASE WHEN any(x IN domains WHERE u.email ENDS WITH '@' + x OR u.email ENDS WITH '.' + x) THEN 'NOT_IN_DIRECTORY' ELSE 'EXTERNAL' END
    ELSE ${RANK}[best] END AS status
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
