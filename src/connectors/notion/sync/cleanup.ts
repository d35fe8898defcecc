import type { Graph } from '../../../graph/graph';

/**
 * After a complete enumeration only: the workspace's current accounts this run did not see have left.
 * Their membership ends but its history stays: MEMBER_OF becomes FORMER_MEMBER_OF, the account gets
 * `removedAt`, and a LEFT MembershipChange is recorded. Users keep their former accounts as history; only
 * Users with no account at all are removed.
 *
 * Every member the run saw is a current account by now, so when the workspace has exactly as many current
 * accounts as members seen, nobody left and the scan is skipped. Users lose their last account only when an
 * account moves to another email, which only a rewrite of a known account (`accountsUpdated`) can do, so
 * the tenant-wide orphan scan runs only after one.
 */
export async function cleanupMembers(graph: Graph, tenantId: string, appId: string, seenExternalIds: Set<string>, currentMembers: number, accountsUpdated: number): Promise<number> {
  const removed = currentMembers > seenExternalIds.size ? await endMemberships(graph, tenantId, appId, [...seenExternalIds]) : 0;
  if (accountsUpdated > 0) await removeOrphanUsers(graph, tenantId);
  return removed;
}

/** How many members the workspace has in the graph now: the shrink guard's yardstick, and cleanup's. */
export async function countCurrentMembers(graph: Graph, tenantId: string, appId: string): Promise<number> {
  // Only accounts are MEMBER_OF an app; COUNT from the bound app is answered from its relationship degrees.
  const rows = await graph.read<{ n: number }>(
    `MATCH (w:SaaSApp {tenantId: $tenantId, provider: 'notion', id: $appId})
     RETURN COUNT { (w)<-[:MEMBER_OF]-() } AS n`,
    { tenantId, appId },
  );
  return rows[0]?.n ?? 0;
}

async function endMemberships(graph: Graph, tenantId: string, appId: string, seenExternalIds: string[]): Promise<number> {
  const rows = await graph.write<{ n: number }>(
    `MATCH (w:SaaSApp {tenantId: $tenantId, provider: 'notion', id: $appId})
     MATCH (a:UserAccount {tenantId: $tenantId, appId: $appId})-[m:MEMBER_OF]->(w)
     WHERE a.removedAt IS NULL AND NOT a.externalId IN $seen
     DELETE m
     MERGE (a)-[:FORMER_MEMBER_OF]->(w)
     SET a.removedAt = datetime(), a.lastSeen = coalesce(w.lastSuccessfulSyncAt, a.firstSeen)
     CREATE (:MembershipChange {id: randomUUID(), tenantId: $tenantId, appId: $appId, accountId: a.id, email: a.email, name: a.name,
                                kind: 'LEFT', at: datetime()})
     RETURN count(a) AS n`,
    { tenantId, appId, seen: seenExternalIds },
    { tenantId },
  );
  return rows[0]?.n ?? 0;
}

/** Users left with no account at all (an account moved to another email) are not history: they go. */
async function removeOrphanUsers(graph: Graph, tenantId: string): Promise<void> {
  await graph.write('MATCH (u:User {tenantId: $tenantId}) WHERE NOT (u)-[:HAS_ACCOUNT]->() DETACH DELETE u', { tenantId }, { tenantId });
}

/**
 * Records a successful run on the workspace and its connection. After a complete enumeration the first one
 * becomes the baseline: joins before it are the initial import, not joiners.
 */
export async function markSynced(graph: Graph, tenantId: string, appId: string, connectionId: string, complete: boolean): Promise<void> {
  await graph.write(
    `MATCH (w:SaaSApp {tenantId: $tenantId, provider: 'notion', id: $appId})
     MATCH (c:Connection {id: $connectionId})
     SET w.lastSuccessfulSyncAt = datetime(), c.lastSuccessfulSyncAt = w.lastSuccessfulSyncAt
     FOREACH (_ IN CASE WHEN $complete AND w.baselineAt IS NULL THEN [1] ELSE [] END | SET w.baselineAt = datetime())`,
    { tenantId, appId, connectionId, complete },
    { tenantId },
  );
}
