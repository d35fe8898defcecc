import { toPlain } from '../graph/convert';
import type { Graph } from '../graph/graph';
import { refreshUserSummaries } from './user.summary';

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
  const accounts = await deleteAccounts(graph, tenantId, provider, appId);
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

/** The app's accounts, a chunk per transaction, each refreshing the summaries of the users that held them. */
async function deleteAccounts(graph: Graph, tenantId: string, provider: string, appId: string): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await graph.writeTx(
      async (tx) => {
        const result = await tx.run(
          `MATCH (a:UserAccount {tenantId: $tenantId, provider: $provider, appId: $appId}) WITH a LIMIT toInteger($chunk)
           OPTIONAL MATCH (u:User)-[:HAS_ACCOUNT]->(a)
           WITH a, u.email AS owner
           DETACH DELETE a
           RETURN count(*) AS n, collect(DISTINCT owner) AS owners`,
          { tenantId, provider, appId, chunk: CHUNK },
        );
        const row = result.records[0];
        await refreshUserSummaries(tx, tenantId, (row?.get('owners') as string[] | undefined) ?? []);
        return Number(toPlain(row?.get('n') ?? 0));
      },
      { tenantId },
    );
    total += n;
    if (n < CHUNK) return total;
  }
}

async function inChunks(graph: Graph, cypher: string, params: Record<string, unknown>): Promise<number> {
  let total = 0;
  for (;;) {
    const [{ n }] = await graph.write<{ n: number }>(cypher, { ...params, chunk: CHUNK }, { tenantId: params.tenantId as string });
    total += n;
    if (n < CHUNK) return total;
  }
}
