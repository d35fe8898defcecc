import type { Graph } from '../graph/graph';

/** Rows deleted per transaction, so a 100k-member workspace never needs one huge transaction. */
const CHUNK = 5000;

/** What a purge deleted. */
export interface PurgeCounts {
  accounts: number;
  changes: number;
  users: number;
}

/**
 * Deletes everything a connection synced for one app: its accounts (current and former), their membership
 * history, the app node, and the Users left with no account anywhere. Users who also belong to another app
 * stay. The Connection and its SyncRun records (counts and reasons, no personal data) stay as the audit trail.
 */
export async function purgeApp(graph: Graph, tenantId: string, provider: string, appId: string): Promise<PurgeCounts> {
  const accounts = await inChunks(
    graph,
    'MATCH (a:UserAccount {tenantId: $tenantId, provider: $provider, appId: $appId}) WITH a LIMIT toInteger($chunk) DETACH DELETE a RETURN count(*) AS n',
    { tenantId, provider, appId },
  );
  const changes = await inChunks(
    graph,
    'MATCH (m:MembershipChange {tenantId: $tenantId, appId: $appId}) WHERE m.provider = $provider WITH m LIMIT toInteger($chunk) DELETE m RETURN count(*) AS n',
    { tenantId, provider, appId },
  );
  await graph.write(
    'MATCH (w:SaaSApp {tenantId: $tenantId, provider: $provider, id: $appId}) DETACH DELETE w',
    { tenantId, provider, appId },
    { tenantId },
  );
  const users = await inChunks(
    graph,
    'MATCH (u:User {tenantId: $tenantId}) WHERE NOT (u)-[:HAS_ACCOUNT]->() WITH u LIMIT toInteger($chunk) DETACH DELETE u RETURN count(*) AS n',
    { tenantId },
  );
  return { accounts, changes, users };
}

async function inChunks(graph: Graph, cypher: string, params: Record<string, unknown>): Promise<number> {
  let total = 0;
  for (;;) {
    const [{ n }] = await graph.write<{ n: number }>(cypher, { ...params, chunk: CHUNK }, { tenantId: params.tenantId as string });
    total += n;
    if (n < CHUNK) return total;
  }
}
