import type { Graph } from '../../../graph/graph';
import type { MemberRow } from './transform';

/** The workspace as the token response and `/v1/users/me` describe it. */
export interface WorkspaceRow {
  id: string;
  name: string | null;
  iconUrl: string | null;
  botId: string;
}

/** Upserts the workspace as a SaaS-app node and links the connection that syncs it. */
export async function loadWorkspace(graph: Graph, tenantId: string, connectionId: string, ws: WorkspaceRow): Promise<void> {
  await graph.write(
    `MERGE (w:SaaSApp {tenantId: $tenantId, provider: 'notion', id: $ws.id})
     ON CREATE SET w:NotionWorkspace, w.firstSeen = datetime()
     SET w.name = coalesce($ws.name, w.name), w.iconUrl = coalesce($ws.iconUrl, w.iconUrl), w.botId = $ws.botId,
         w.lastUpdated = datetime()
     WITH w
     MATCH (c:Connection {id: $connectionId})
     MERGE (c)-[:SYNCS]->(w)`,
    { tenantId, connectionId, ws },
  );
}

/** What one batch wrote. */
export interface LoadResult {
  /** Accounts created, changed or rejoined (the rest were unchanged and not written). */
  written: number;
  /** Accounts that joined after the workspace's first complete sync, or came back after leaving. */
  joined: number;
}

/**
 * Upserts one batch of members in one transaction: a UserAccount per (workspace, Notion user) holding the
 * Notion-side attributes, MEMBER_OF the workspace, owned by the tenant's User keyed by normalised email.
 * A current account whose digest matches the row is skipped, so an unchanged member costs one index
 * lookup and no write. A join after the workspace's baseline (its first complete sync) is recorded as a
 * MembershipChange.
 */
export async function loadMembers(graph: Graph, tenantId: string, appId: string, runId: string, rows: MemberRow[]): Promise<LoadResult> {
  if (rows.length === 0) return { written: 0, joined: 0 };
  const result = await graph.write<LoadResult>(
    `MATCH (w:SaaSApp {tenantId: $tenantId, provider: 'notion', id: $appId})
     UNWIND $rows AS row
     OPTIONAL MATCH (known:UserAccount {tenantId: $tenantId, id: $appId + ':' + row.externalId})
     WITH w, row, known
     WHERE known IS NULL OR known.removedAt IS NOT NULL OR coalesce(known.hash, '') <> row.hash
     WITH w, row, CASE WHEN known IS NULL THEN w.baselineAt IS NOT NULL ELSE known.removedAt IS NOT NULL END AS joined
     MERGE (a:UserAccount {tenantId: $tenantId, id: $appId + ':' + row.externalId})
     ON CREATE SET a:NotionUser, a.provider = 'notion', a.appId = $appId, a.externalId = row.externalId, a.firstSeen = datetime()
     SET a.name = row.name, a.email = row.email, a.emailRaw = row.emailRaw, a.avatarUrl = row.avatarUrl, a.hash = row.hash,
         a.removedAt = null, a.lastChangedRunId = $runId
     MERGE (a)-[:MEMBER_OF]->(w)
     WITH w, a, row, joined
     OPTIONAL MATCH (a)-[former:FORMER_MEMBER_OF]->(w)
     DELETE former
     WITH DISTINCT a, row, joined
     FOREACH (_ IN CASE WHEN joined THEN [1] ELSE [] END |
       CREATE (:MembershipChange {id: randomUUID(), tenantId: $tenantId, appId: $appId, accountId: a.id, email: row.email, name: row.name,
                                  kind: 'JOINED', at: datetime(), runId: $runId}))
     WITH a, row, joined
     OPTIONAL MATCH (previous:User)-[h:HAS_ACCOUNT]->(a) WHERE previous.email <> row.email
     DELETE h
     WITH DISTINCT a, row, joined
     MERGE (u:User {tenantId: $tenantId, email: row.email})
     ON CREATE SET u.firstSeen = datetime()
     MERGE (u)-[:HAS_ACCOUNT]->(a)
     RETURN count(DISTINCT a) AS written, count(DISTINCT CASE WHEN joined THEN a END) AS joined`,
    { tenantId, appId, runId, rows },
  );
  return result[0] ?? { written: 0, joined: 0 };
}
