import { toPlain } from '../graph/convert';
import type { Graph } from '../graph/graph';
import { type AppRef, MEMBER_COUNT } from './app-ref';
import { refreshUserSummaries } from './user.summary';

/** Who left: everyone but `keep` (a complete listing), or exactly `remove` (a changes listing's removals). */
export type Leaving = { keep: Set<string> } | { remove: Set<string> };

/**
 * After a complete enumeration (or a changes listing's removals) only: the app's current accounts this run did not see have left. Their
 * membership ends but its history stays: MEMBER_OF becomes FORMER_MEMBER_OF, the account gets `removedAt`,
 * and a LEFT MembershipChange is recorded. Users keep their former accounts as history; only Users with no
 * account at all are removed.
 *
 * Every account the run saw is current by now, so when the app has exactly as many current accounts as
 * accounts seen, nobody left and the scan is skipped. Users lose their last account only when an account
 * moves to another email, which only a rewrite of a known account (`accountsUpdated`) can do, so the
 * tenant-wide orphan scan runs only after one.
 */
export async function cleanupMembers(
  graph: Graph,
  ref: AppRef,
  leaving: Leaving,
  currentMembers: number,
  accountsUpdated: number,
): Promise<number> {
  const removed =
    'keep' in leaving
      ? currentMembers > leaving.keep.size
        ? await endMemberships(graph, ref, [...leaving.keep], true)
        : 0
      : leaving.remove.size > 0
        ? await endMemberships(graph, ref, [...leaving.remove], false)
        : 0;
  if (accountsUpdated > 0) await removeOrphanUsers(graph, ref.tenantId);
  return removed;
}

/** How many current members the app has in the graph now: the shrink guard's yardstick, and cleanup's. */
export async function countCurrentMembers(graph: Graph, ref: AppRef): Promise<number> {
  const rows = await graph.read<{ n: number }>(
    `MATCH (w:SaaSApp {tenantId: $tenantId, provider: $provider, id: $appId}) RETURN ${MEMBER_COUNT} AS n`,
    { tenantId: ref.tenantId, provider: ref.provider, appId: ref.appId },
  );
  return rows[0]?.n ?? 0;
}

/**
 * Ends the memberships the run did not see (`complete`: ids are those seen) or was told ended (ids are those
 * removed), and refreshes their users' summaries, in one transaction.
 */
async function endMemberships(graph: Graph, ref: AppRef, ids: string[], complete: boolean): Promise<number> {
  return graph.writeTx(
    async (tx) => {
      const result = await tx.run(
        `MATCH (w:SaaSApp {tenantId: $tenantId, provider: $provider, id: $appId})
         MATCH (a:UserAccount {tenantId: $tenantId, provider: $provider, appId: $appId})-[m:MEMBER_OF]->(w)
         WHERE a.removedAt IS NULL AND (a.externalId IN $ids) <> $complete
         DELETE m
         MERGE (a)-[:FORMER_MEMBER_OF]->(w)
         SET a.removedAt = datetime(), a.lastSeen = coalesce(w.lastSuccessfulSyncAt, a.firstSeen)
         // History is of people: an unmanaged account (no email, ADR 0019) leaves no MembershipChange.
         FOREACH (email IN CASE WHEN a.email IS NULL THEN [] ELSE [a.email] END |
           CREATE (:MembershipChange {id: randomUUID(), tenantId: $tenantId, provider: $provider, appId: $appId, accountId: a.id, email: email,
                                      name: a.name, kind: 'LEFT', at: datetime()}))
         WITH a
         OPTIONAL MATCH (u:User)-[:HAS_ACCOUNT]->(a)
         RETURN count(a) AS n, collect(DISTINCT u.email) AS owners`,
        { tenantId: ref.tenantId, provider: ref.provider, appId: ref.appId, ids, complete },
      );
      const row = result.records[0];
      await refreshUserSummaries(tx, ref.tenantId, (row?.get('owners') as string[] | undefined) ?? []);
      return Number(toPlain(row?.get('n') ?? 0));
    },
    { tenantId: ref.tenantId },
  );
}

/** Users left with no account at all (an account moved to another email) are not history: they go. */
async function removeOrphanUsers(graph: Graph, tenantId: string): Promise<void> {
  await graph.write('MATCH (u:User {tenantId: $tenantId}) WHERE NOT (u)-[:HAS_ACCOUNT]->() DETACH DELETE u', { tenantId }, { tenantId });
}
