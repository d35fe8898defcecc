import type { Graph } from '../../../graph/graph';

/**
 * After a complete enumeration only: removes the workspace's accounts this run did not see (their
 * membership ends with them), then Users of the tenant that no source links to any more.
 */
export async function cleanupMembers(graph: Graph, tenantId: string, appId: string, runId: string): Promise<number> {
  return graph.writeTx(async (tx) => {
    const removed = await tx.run(
      `MATCH (a:UserAccount {tenantId: $tenantId, appId: $appId}) WHERE a.lastRunId <> $runId
       DETACH DELETE a
       RETURN count(a) AS n`,
      { tenantId, appId, runId },
    );
    await tx.run(
      `MATCH (u:User {tenantId: $tenantId}) WHERE NOT (u)-[:HAS_ACCOUNT]->()
       DETACH DELETE u`,
      { tenantId },
    );
    return removed.records[0].get('n').toNumber();
  });
}
