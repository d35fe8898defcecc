import { type Graph, UNSEEN } from './graph';

/** Rows rewritten per transaction, so a large graph never needs one huge transaction. */
const CHUNK = 5000;

/**
 * Data migrations that bring an older graph to the current model; each is idempotent and runs at every start
 * (a no-op once done), from any replica. ADR 0013: account keys carry the provider (`provider:app:external`),
 * and membership changes name their provider and the new account key.
 */
const MIGRATIONS = [
  `MATCH (a:UserAccount) WHERE a.provider IS NOT NULL AND NOT a.id STARTS WITH a.provider + ':'
   WITH a LIMIT toInteger($chunk)
   SET a.id = a.provider + ':' + a.id
   RETURN count(*) AS n`,
  `MATCH (m:MembershipChange) WHERE m.provider IS NULL
   WITH m LIMIT toInteger($chunk)
   OPTIONAL MATCH (w:SaaSApp {tenantId: m.tenantId, id: m.appId})
   WITH m, coalesce(head(collect(w.provider)), 'unknown') AS provider
   SET m.provider = provider, m.accountId = provider + ':' + m.accountId
   RETURN count(*) AS n`,
  // ADR 0016: a directory's facts are typed properties the core owns. Accounts Google Workspace wrote before carry
  // its own attribute names; they become the typed facts (the next sync rewrites them once, as its digest changed).
  `MATCH (a:UserAccount) WHERE a.directoryStatus IS NULL AND a.suspended IS NOT NULL
   WITH a LIMIT toInteger($chunk)
   SET a.directoryStatus = CASE WHEN a.archived THEN 'ARCHIVED' WHEN a.suspended THEN 'SUSPENDED' ELSE 'ACTIVE' END,
       a.guest = false, a.admin = coalesce(a.isAdmin, false), a.department = a.orgUnitPath, a.lastSignInAt = a.lastLoginAt,
       a.directorySince = a.firstSeen
   REMOVE a.suspended, a.archived, a.isAdmin, a.orgUnitPath, a.lastLoginAt
   RETURN count(*) AS n`,
];

/** Applies every migration in chunks until nothing is left to rewrite. */
export async function migrate(graph: Graph): Promise<void> {
  for (const cypher of MIGRATIONS) {
    for (;;) {
      const [row] = await graph.write<{ n: number }>(cypher, { chunk: CHUNK }, UNSEEN); // at start, before this process serves
      if ((row?.n ?? 0) < CHUNK) break;
    }
  }
}
