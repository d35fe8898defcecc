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

/**
 * Upserts one batch of members in one transaction: a UserAccount per (workspace, Notion user) holding the
 * Notion-side attributes, MEMBER_OF the workspace, owned by the tenant's User keyed by normalised email.
 * The User node gets no Notion attributes, since other identity sources share it.
 */
export async function loadMembers(graph: Graph, tenantId: string, appId: string, runId: string, rows: MemberRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await graph.write<{ n: number }>(
    `MATCH (w:SaaSApp {tenantId: $tenantId, provider: 'notion', id: $appId})
     UNWIND $rows AS row
     MERGE (a:UserAccount {tenantId: $tenantId, id: $appId + ':' + row.externalId})
     ON CREATE SET a:NotionUser, a.provider = 'notion', a.appId = $appId, a.externalId = row.externalId, a.firstSeen = datetime()
     SET a.name = row.name, a.email = row.email, a.emailRaw = row.emailRaw, a.avatarUrl = row.avatarUrl,
         a.lastSeen = datetime(), a.lastRunId = $runId
     MERGE (a)-[m:MEMBER_OF]->(w)
     ON CREATE SET m.firstSeen = datetime()
     WITH a, row
     OPTIONAL MATCH (previous:User)-[h:HAS_ACCOUNT]->(a) WHERE previous.email <> row.email
     DELETE h
     WITH DISTINCT a, row
     MERGE (u:User {tenantId: $tenantId, email: row.email})
     ON CREATE SET u.firstSeen = datetime()
     MERGE (u)-[:HAS_ACCOUNT]->(a)
     RETURN count(DISTINCT a) AS n`,
    { tenantId, appId, runId, rows },
  );
  return result[0]?.n ?? 0;
}
