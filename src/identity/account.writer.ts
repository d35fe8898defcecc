import type { ManagedTransaction } from 'neo4j-driver';
import type { AccountRow } from '../connectors/connector';
import { toPlain } from '../graph/convert';
import type { Graph } from '../graph/graph';
import { aliasOwners } from './aliases';
import { type AppRef, accountIdPrefix, label, ownAttributes } from './app-ref';
import { ADD_CURRENT_ACCOUNT, refreshUserSummaries } from './user.summary';

/** What one batch wrote. */
export interface LoadResult {
  /** Accounts created, changed or rejoined (the rest were unchanged and not written). */
  written: number;
  /** Accounts that joined after the app's first complete sync, or came back after leaving. */
  joined: number;
  /** Accounts the graph held and this batch rewrote (changed or rejoined); only these can move to another User. */
  updated: number;
}

/** Whether the app holds any account, current or former: none means every account of this run is new. */
export async function hasAccounts(graph: Graph, ref: AppRef): Promise<boolean> {
  // COUNT of a pattern from one bound node is answered from the node's relationship degrees.
  const rows = await graph.read<{ n: number }>(
    `MATCH (w:SaaSApp {tenantId: $tenantId, provider: $provider, id: $appId})
     RETURN COUNT { (w)<-[:MEMBER_OF|FORMER_MEMBER_OF]-() } AS n`,
    { tenantId: ref.tenantId, provider: ref.provider, appId: ref.appId },
  );
  return (rows[0]?.n ?? 0) > 0;
}

/**
 * A row as the statements below take it: the key, only the provider attributes the core does not own, and the
 * email of the User it joins (`userEmail`: its own, or the person's whose alias it is).
 */
const param = (ref: AppRef, r: AccountRow, owners: Map<string, string>) => ({
  ...r,
  id: accountIdPrefix(ref) + r.externalId,
  attributes: ownAttributes(r.attributes),
  // Null for an unmanaged account (ADR 0019): it joins no User.
  userEmail: r.email === null ? null : (owners.get(r.email) ?? r.email),
  facts: factsOf(r),
});

/** A directory's typed facts as the account's own properties (ADR 0016); all null for another app's account. */
const factsOf = (r: AccountRow) => ({
  directoryStatus: r.directory?.status ?? null,
  guest: r.directory?.guest ?? null,
  admin: r.directory?.admin ?? null,
  department: r.directory?.department ?? null,
  lastSignInAt: r.directory?.lastSignInAt ?? null,
  role: r.account.role,
  mfaEnabled: r.account.mfaEnabled,
  lastActiveAt: r.account.lastActiveAt,
  login: r.account.login,
  unmanagedReason: r.unmanaged,
});

/** Sets the typed facts of `a` from `row.facts`; `directorySince` moves only when the directory's view of the person does. */
const SET_FACTS = `SET a.directorySince = CASE WHEN row.facts.directoryStatus IS NULL THEN null
         WHEN a.directoryStatus = row.facts.directoryStatus AND a.guest = row.facts.guest THEN a.directorySince ELSE datetime() END
     SET a.directoryStatus = row.facts.directoryStatus, a.guest = row.facts.guest, a.admin = row.facts.admin,
         a.department = row.facts.department, a.lastSignInAt = row.facts.lastSignInAt
     SET a.role = row.facts.role, a.mfaEnabled = row.facts.mfaEnabled, a.lastActiveAt = row.facts.lastActiveAt,
         a.login = row.facts.login, a.unmanagedReason = row.facts.unmanagedReason`;

/** The one User a row joins: none for an unmanaged account (ADR 0019). For FOREACH over it. */
const USER_EMAIL = 'CASE WHEN row.userEmail IS NULL THEN [] ELSE [row.userEmail] END';

/**
 * Upserts one batch of accounts in one transaction (ADR 0008): a UserAccount per (provider, app, external id)
 * holding the provider-side attributes, MEMBER_OF the app, owned by the tenant's User keyed by normalised
 * email. The batch is first split by what the graph already holds (one index lookup per account): unchanged
 * current accounts (digest matches) are not written at all, accounts never seen are created with plain
 * CREATEs, and only changed or returning accounts take the full reconciling upsert. A join after the app's
 * baseline (its first complete sync) is recorded as a MembershipChange.
 */
export async function loadAccounts(
  graph: Graph,
  ref: AppRef,
  runId: string,
  rows: AccountRow[],
  opts: { fresh?: boolean } = {},
): Promise<LoadResult> {
  if (rows.length === 0) return { written: 0, joined: 0, updated: 0 };
  return graph.writeTx(
    async (tx) => {
      // An app with no account yet (its first sync) has nothing to classify: every account is new. Were it
      // wrong, the account key's uniqueness constraint would refuse the CREATE, not duplicate the account.
      const known = opts.fresh ? new Map<string, Known>() : await classifyAccounts(tx, ref, rows);
      const fresh: AccountRow[] = [];
      const changed: AccountRow[] = [];
      const signedIn: { id: string; at: string | null; active: string | null }[] = [];
      for (const row of rows) {
        const k = known.get(row.externalId);
        if (!k) fresh.push(row);
        else if (k.removed || k.hash !== row.hash) changed.push(row);
        else if ((row.directory?.lastSignInAt ?? null) !== k.lastSignInAt || row.account.lastActiveAt !== k.lastActiveAt)
          signedIn.push({
            id: accountIdPrefix(ref) + row.externalId,
            at: row.directory?.lastSignInAt ?? null,
            active: row.account.lastActiveAt,
          });
      }
      // A directory account is keyed by its own primary address; other apps' accounts may use a person's alias.
      const toWrite = [...fresh, ...changed];
      const owners =
        ref.directory || toWrite.length === 0
          ? new Map<string, string>()
          : await aliasOwners(
              tx,
              ref.tenantId,
              toWrite.flatMap((r) => (r.email === null ? [] : [r.email])),
            );
      const created = await createAccounts(
        tx,
        ref,
        runId,
        fresh.map((r) => param(ref, r, owners)),
      );
      const updated = await upsertAccounts(
        tx,
        ref,
        runId,
        changed.map((r) => param(ref, r, owners)),
      );
      const written = created.written + updated.written;
      // Volatile facts of otherwise unchanged accounts: stored, never counted as a change (ADR 0016).
      if (signedIn.length > 0) await tx.run(SET_SIGN_IN, { tenantId: ref.tenantId, rows: signedIn });
      return { written, joined: created.joined + updated.joined, updated: updated.written };
    },
    { tenantId: ref.tenantId },
  ); // a run writes through Graph.forRun: its end moves the version, not each batch (ADR 0015)
}

/** What the graph holds of an account: its digest, whether it had left, and its volatile last sign-in and activity. */
interface Known {
  hash: string | null;
  removed: boolean;
  lastSignInAt: string | null;
  lastActiveAt: string | null;
}

/** Stores new last sign-ins and activity of accounts that did not otherwise change: no summary, no history. */
const SET_SIGN_IN = `UNWIND $rows AS row
  MATCH (a:UserAccount {tenantId: $tenantId, id: row.id})
  SET a.lastSignInAt = row.at, a.lastActiveAt = row.active`;

/** The batch's accounts the graph already holds: their digest, whether they had left, and their last sign-in. */
async function classifyAccounts(tx: ManagedTransaction, ref: AppRef, rows: AccountRow[]): Promise<Map<string, Known>> {
  const result = await tx.run(
    `UNWIND $ids AS externalId
     MATCH (a:UserAccount {tenantId: $tenantId, id: $prefix + externalId})
     RETURN externalId, a.hash AS hash, a.removedAt IS NOT NULL AS removed, a.lastSignInAt AS lastSignInAt,
            a.lastActiveAt AS lastActiveAt`,
    { tenantId: ref.tenantId, prefix: accountIdPrefix(ref), ids: rows.map((r) => r.externalId) },
  );
  const known = new Map<string, Known>();
  for (const r of result.records)
    known.set(r.get('externalId') as string, {
      hash: r.get('hash') as string | null,
      removed: r.get('removed') as boolean,
      lastSignInAt: (r.get('lastSignInAt') as string | null) ?? null,
      lastActiveAt: (r.get('lastActiveAt') as string | null) ?? null,
    });
  return known;
}

/** Accounts the graph has never held: created outright, linked to the app and to their User. */
async function createAccounts(tx: ManagedTransaction, ref: AppRef, runId: string, rows: Row[]): Promise<Omit<LoadResult, 'updated'>> {
  if (rows.length === 0) return { written: 0, joined: 0 };
  const result = await tx.run(
    `MATCH (w:SaaSApp {tenantId: $tenantId, provider: $provider, id: $appId})
     UNWIND $rows AS row
     CREATE (a:UserAccount:${label(ref.labels.account)} {tenantId: $tenantId, id: row.id, provider: $provider, appId: $appId,
             externalId: row.externalId, firstSeen: datetime(), name: row.name, email: row.email, emailRaw: row.emailRaw,
             avatarUrl: row.avatarUrl, aliases: row.aliases, hash: row.hash, lastChangedRunId: $runId})
     SET a += row.attributes
     ${SET_FACTS}
     CREATE (a)-[:MEMBER_OF]->(w)
     FOREACH (email IN ${USER_EMAIL} |
       MERGE (u:User {tenantId: $tenantId, email: email})
       ON CREATE SET u.firstSeen = datetime()
       CREATE (u)-[:HAS_ACCOUNT]->(a)
       ${ADD_CURRENT_ACCOUNT})
     WITH w, a, row WHERE w.baselineAt IS NOT NULL AND row.email IS NOT NULL
     CREATE (:MembershipChange {id: randomUUID(), tenantId: $tenantId, provider: $provider, appId: $appId, accountId: a.id, email: row.email,
                                name: row.name, kind: 'JOINED', at: datetime(), runId: $runId})
     RETURN count(*) AS joined`,
    { tenantId: ref.tenantId, provider: ref.provider, appId: ref.appId, runId, rows },
  );
  return { written: rows.length, joined: toNumber(result.records[0]?.get('joined')) };
}

/**
 * Changed or returning accounts: the full upsert, which also moves the account to another User when its email
 * changed; the summaries of the users it joined and left follow in the same transaction.
 */
async function upsertAccounts(tx: ManagedTransaction, ref: AppRef, runId: string, rows: Row[]): Promise<Omit<LoadResult, 'updated'>> {
  if (rows.length === 0) return { written: 0, joined: 0 };
  const result = await tx.run(
    `MATCH (w:SaaSApp {tenantId: $tenantId, provider: $provider, id: $appId})
     UNWIND $rows AS row
     OPTIONAL MATCH (known:UserAccount {tenantId: $tenantId, id: row.id})
     WITH w, row, known
     WHERE known IS NULL OR known.removedAt IS NOT NULL OR coalesce(known.hash, '') <> row.hash
     WITH w, row, CASE WHEN known IS NULL THEN w.baselineAt IS NOT NULL ELSE known.removedAt IS NOT NULL END AS joined
     MERGE (a:UserAccount {tenantId: $tenantId, id: row.id})
     ON CREATE SET a:${label(ref.labels.account)}, a.provider = $provider, a.appId = $appId, a.externalId = row.externalId, a.firstSeen = datetime()
     SET a += row.attributes
     SET a.name = row.name, a.email = row.email, a.emailRaw = row.emailRaw, a.avatarUrl = row.avatarUrl, a.aliases = row.aliases,
         a.hash = row.hash, a.removedAt = null, a.lastChangedRunId = $runId
     ${SET_FACTS}
     MERGE (a)-[:MEMBER_OF]->(w)
     WITH w, a, row, joined
     OPTIONAL MATCH (a)-[former:FORMER_MEMBER_OF]->(w)
     DELETE former
     WITH DISTINCT a, row, joined
     FOREACH (_ IN CASE WHEN joined AND row.email IS NOT NULL THEN [1] ELSE [] END |
       CREATE (:MembershipChange {id: randomUUID(), tenantId: $tenantId, provider: $provider, appId: $appId, accountId: a.id, email: row.email,
                                  name: row.name, kind: 'JOINED', at: datetime(), runId: $runId}))
     WITH a, row, joined
     OPTIONAL MATCH (previous:User)-[h:HAS_ACCOUNT]->(a) WHERE row.userEmail IS NULL OR previous.email <> row.userEmail
     DELETE h
     WITH a, row, joined, collect(previous.email) AS left
     FOREACH (email IN ${USER_EMAIL} |
       MERGE (u:User {tenantId: $tenantId, email: email})
       ON CREATE SET u.firstSeen = datetime()
       MERGE (u)-[:HAS_ACCOUNT]->(a))
     WITH a, joined, ${USER_EMAIL} + left AS touched
     UNWIND CASE WHEN size(touched) = 0 THEN [null] ELSE touched END AS email
     RETURN count(DISTINCT a) AS written, count(DISTINCT CASE WHEN joined THEN a END) AS joined, collect(DISTINCT email) AS touched`,
    { tenantId: ref.tenantId, provider: ref.provider, appId: ref.appId, runId, rows },
  );
  const r = result.records[0];
  await refreshUserSummaries(tx, ref.tenantId, (r?.get('touched') as string[] | undefined) ?? []);
  return { written: toNumber(r?.get('written')), joined: toNumber(r?.get('joined')) };
}

type Row = ReturnType<typeof param>;

const toNumber = (v: unknown): number => Number(toPlain(v ?? 0));
