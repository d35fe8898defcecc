import type { ManagedTransaction } from 'neo4j-driver';
import { type Graph, UNSEEN } from '../graph/graph';

/**
 * A User's summary (ADR 0010, second amendment): what list reads filter, count and sort on, stored on the User
 * by the transaction that changes the user's accounts, instead of derived per user at every read.
 * - `current`: the user holds at least one current account (a membership that has not ended);
 * - `name`: the display name, the first (in code point order, as Cypher sorts strings) of the current accounts'
 *   names, or null.
 * Every writer that adds, ends, moves or deletes an account refreshes its users' summaries in the same
 * transaction, so a reader never sees one without the other; `test/support/summaries.ts` checks the whole graph
 * against the derivation after the integration suites that write.
 */

/** The derivation, for a bound `u`: one expansion of its accounts. */
export const SUMMARY_OF_U = `
  CALL (u) {
    OPTIONAL MATCH (u)-[:HAS_ACCOUNT]->(s:UserAccount) WHERE s.removedAt IS NULL
    WITH s ORDER BY s.name
    RETURN count(s) > 0 AS current, head(collect(s.name)) AS name
  }`;

/** Stores SUMMARY_OF_U's values on `u`. */
const STORE = 'SET u.current = current, u.name = name';

const REFRESH = `
  UNWIND $emails AS email
  MATCH (u:User {tenantId: $tenantId, email: email})
  ${SUMMARY_OF_U}
  ${STORE}`;

/** Recomputes the summaries of the tenant's users with these emails (missing ones, e.g. deleted, are skipped). */
export async function refreshUserSummaries(tx: ManagedTransaction, tenantId: string, emails: readonly string[]): Promise<void> {
  if (emails.length === 0) return;
  await tx.run(REFRESH, { tenantId, emails: [...new Set(emails)] });
}

/**
 * A current account `a` was just added to the User bound to `u` (a created account): the summary follows
 * without reading the user's other accounts.
 */
export const ADD_CURRENT_ACCOUNT = `SET u.current = true,
  u.name = CASE WHEN a.name IS NOT NULL AND (u.name IS NULL OR a.name < u.name) THEN a.name ELSE u.name END`;

/** Users written before summaries were stored, per transaction. */
const BACKFILL_CHUNK = 5000;

/**
 * Gives every User written before summaries existed its summary; idempotent, a no-op once done, run at start
 * after the graph's own migrations (src/graph/migrations.ts).
 */
export async function backfillUserSummaries(graph: Graph): Promise<void> {
  for (;;) {
    const [row] = await graph.write<{ n: number }>(
      `MATCH (u:User) WHERE u.current IS NULL
       WITH u LIMIT toInteger($chunk)
       ${SUMMARY_OF_U}
       ${STORE}
       RETURN count(*) AS n`,
      { chunk: BACKFILL_CHUNK },
      UNSEEN, // the values are what reads derived before: no answer changes
    );
    if ((row?.n ?? 0) < BACKFILL_CHUNK) return;
  }
}
