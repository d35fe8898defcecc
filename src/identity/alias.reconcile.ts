import type { Graph } from '../graph/graph';
import { refreshUserSummaries } from './user.summary';

/**
 * After a directory sync: the directory says which addresses each person owns (ADR 0014), so EmailAlias nodes
 * follow it and accounts move to the User that owns their address. Accounts move with every relationship and
 * property, so no membership history is lost; a User left with no account goes. A step that moves accounts
 * returns the users it touched (`touched`), whose summaries are refreshed in the step's transaction.
 */
const STEPS = [
  // 1. Every alias a current directory account lists belongs to that account's User (a reassigned alias moves).
  `MATCH (:SaaSApp {tenantId: $tenantId, directory: true})<-[:MEMBER_OF]-(a:UserAccount)<-[:HAS_ACCOUNT]-(owner:User)
   UNWIND coalesce(a.aliases, []) AS address
   MERGE (e:EmailAlias {tenantId: $tenantId, address: address})
   WITH owner, e
   OPTIONAL MATCH (e)<-[old:HAS_ALIAS]-(other:User) WHERE other <> owner
   DELETE old
   WITH DISTINCT owner, e
   MERGE (owner)-[:HAS_ALIAS]->(e)`,
  // 2. An alias no directory account of its owner lists any more (removed), or that is now someone's primary
  //    address, is dropped. A deleted directory user's aliases stay: the address was theirs.
  `MATCH (e:EmailAlias {tenantId: $tenantId})
   OPTIONAL MATCH (e)<-[:HAS_ALIAS]-(u:User)
   WITH e, u
   WHERE u IS NULL
      OR NOT EXISTS { MATCH (u)-[:HAS_ACCOUNT]->(a:UserAccount)-[:MEMBER_OF|FORMER_MEMBER_OF]->(:SaaSApp {directory: true}) WHERE e.address IN a.aliases }
      OR EXISTS { MATCH (:User {tenantId: $tenantId, email: e.address})-[:HAS_ACCOUNT]->(:UserAccount)-[:MEMBER_OF]->(:SaaSApp {directory: true}) }
   DETACH DELETE e`,
  // 3. An account joined through an alias its User no longer owns goes back to a User keyed by its own email.
  `MATCH (u:User {tenantId: $tenantId})-[h:HAS_ACCOUNT]->(a:UserAccount)
   WHERE a.email <> u.email AND NOT EXISTS { MATCH (u)-[:HAS_ALIAS]->(:EmailAlias {address: a.email}) }
   DELETE h
   MERGE (n:User {tenantId: $tenantId, email: a.email})
   ON CREATE SET n.firstSeen = a.firstSeen
   MERGE (n)-[:HAS_ACCOUNT]->(a)
   WITH [u.email, n.email] AS pair UNWIND pair AS email
   RETURN collect(DISTINCT email) AS touched`,
  // 4. A User keyed by an address that is someone's alias (an app signed up with it before the directory said so)
  //    hands its accounts to the owner, who keeps the earlier firstSeen.
  `MATCH (e:EmailAlias {tenantId: $tenantId})<-[:HAS_ALIAS]-(owner:User)
   MATCH (stray:User {tenantId: $tenantId, email: e.address}) WHERE stray <> owner
   OPTIONAL MATCH (stray)-[h:HAS_ACCOUNT]->(a:UserAccount)
   WITH owner, stray, collect(h) AS links, collect(a) AS accounts
   FOREACH (h IN links | DELETE h)
   FOREACH (a IN accounts | MERGE (owner)-[:HAS_ACCOUNT]->(a))
   SET owner.firstSeen = CASE WHEN stray.firstSeen < owner.firstSeen THEN stray.firstSeen ELSE owner.firstSeen END
   WITH [owner.email, stray.email] AS pair UNWIND pair AS email
   RETURN collect(DISTINCT email) AS touched`,
  // 5. Users with no account left are not history (their accounts are): they go.
  'MATCH (u:User {tenantId: $tenantId}) WHERE NOT (u)-[:HAS_ACCOUNT]->() DETACH DELETE u',
];

/** Brings the tenant's aliases and account owners in line with its directory; each step its own transaction. */
export async function reconcileAliases(graph: Graph, tenantId: string): Promise<void> {
  for (const cypher of STEPS) {
    await graph.writeTx(
      async (tx) => {
        const result = await tx.run(cypher, { tenantId });
        const touched = result.records[0]?.has('touched') ? (result.records[0].get('touched') as string[]) : [];
        await refreshUserSummaries(tx, tenantId, touched);
      },
      { tenantId },
    );
  }
}
