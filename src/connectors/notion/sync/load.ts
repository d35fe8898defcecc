import type { ManagedTransaction } from 'neo4j-driver';
import { toPlain } from '../../../graph/convert';
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
    { tenantId },
  );
}

/** What one batch wrote. */
export interface LoadResult {
  /** Accounts created, changed or rejoined (the rest were unchanged and not written). */
  written: number;
  /** Accounts that joined after the workspace's first complete sync, or came back after leaving. */
  joined: number;
  /** Accounts the graph held and this batch rewrote (changed or rejoined); only these can move to another User. */
  updated: number;
}

/** Whether the workspace holds any account, current or former: none means every member of this run is new. */
export async function hasAccounts(graph: Graph, tenantId: string, appId: string): Promise<boolean> {
  // COUNT of a pattern from one bound node is answered from the node's relationship degrees.
  const rows = await graph.read<{ n: number }>(
    `MATCH (w:SaaSApp {tenantId: $tenantId, provider: 'notion', id: $appId})
     RETURN COUNT { (w)<-[:MEMBER_OF|FORMER_MEMBER_OF]-() } AS n`,
    { tenantId, appId },
  );
  return (rows[0]?.n ?? 0) > 0;
}

/**
 * Upserts one batch of members in one transaction: a UserAccount per (workspace, Notion user) holding the
 * Notion-side attributes, MEMBER_OF the workspace, owned by the tenant's User keyed by normalised email.
 * The batch is first split by what the graph already holds (one index lookup per member): unchanged current
 * accounts (digest matches) are not written at all, accounts never seen are created with plain CREATEs (no
 * history to reconcile), and only changed or returning accounts take the full reconciling upsert. A join
 * after the workspace's baseline (its first complete sync) is recorded as a MembershipChange.
 */
export async function loadMembers(graph: Graph, tenantId: string, appId: string, runId: string, rows: MemberRow[], opts: { fresh?: boolean } = {}): Promise<LoadResult> {
  if (rows.length === 0) return { written: 0, joined: 0, updated: 0 };
  return graph.writeTx(async (tx) => {
    // A workspace with no account yet (its first sync) has nothing to classify: every member is new. Were it
    // wrong, the account key's uniqueness constraint would refuse the CREATE, not duplicate the account.
    const known = opts.fresh ? new Map<string, { hash: string | null; removed: boolean }>() : await classifyMembers(tx, tenantId, appId, rows);
    const fresh: MemberRow[] = [];
    const changed: MemberRow[] = [];
    for (const row of rows) {
      const k = known.get(row.externalId);
      if (!k) fresh.push(row);
      else if (k.removed || k.hash !== row.hash) changed.push(row);
    }
    const created = await createMembers(tx, tenantId, appId, runId, fresh);
    const updated = await upsertMembers(tx, tenantId, appId, runId, changed);
    return { written: created.written + updated.written, joined: created.joined + updated.joined, updated: updated.written };
  }, { tenantId });
}

/** The batch's accounts the graph already holds: their digest and whether they had left. */
async function classifyMembers(tx: ManagedTransaction, tenantId: string, appId: string, rows: MemberRow[]) {
  const result = await tx.run(
    `UNWIND $ids AS externalId
     MATCH (a:UserAccount {tenantId: $tenantId, id: $appId + ':' + externalId})
     RETURN externalId, a.hash AS hash, a.removedAt IS NOT NULL AS removed`,
    { tenantId, appId, ids: rows.map((r) => r.externalId) },
  );
  const known = new Map<string, { hash: string | null; removed: boolean }>();
  for (const r of result.records) known.set(r.get('externalId') as string, { hash: r.get('hash') as string | null, removed: r.get('removed') as boolean });
  return known;
}

/** Accounts the graph has never held: created outright, linked to the workspace and to their User. */
async function createMembers(tx: ManagedTransaction, tenantId: string, appId: string, runId: string, rows: MemberRow[]): Promise<Omit<LoadResult, 'updated'>> {
  if (rows.length === 0) return { written: 0, joined: 0 };
  const result = await tx.run(
    `MATCH (w:SaaSApp {tenantId: $tenantId, provider: 'notion', id: $appId})
     UNWIND $rows AS row
     CREATE (a:UserAccount:NotionUser {tenantId: $tenantId, id: $appId + ':' + row.externalId, provider: 'notion', appId: $appId,
             externalId: row.externalId, firstSeen: datetime(), name: row.name, email: row.email, emailRaw: row.emailRaw,
             avatarUrl: row.avatarUrl, hash: row.hash, lastChangedRunId: $runId})
     CREATE (a)-[:MEMBER_OF]->(w)
     MERGE (u:User {tenantId: $tenantId, email: row.email})
     ON CREATE SET u.firstSeen = datetime()
     CREATE (u)-[:HAS_ACCOUNT]->(a)
     WITH w, a, row WHERE w.baselineAt IS NOT NULL
     CREATE (:MembershipChange {id: randomUUID(), tenantId: $tenantId, appId: $appId, accountId: a.id, email: row.email, name: row.name,
                                kind: 'JOINED', at: datetime(), runId: $runId})
     RETURN count(*) AS joined`,
    { tenantId, appId, runId, rows },
  );
  return { written: rows.length, joined: toNumber(result.records[0]?.get('joined')) };
}

/** Changed or returning accounts: the full upsert, which also moves the account to another User when its email changed. */
async function upsertMembers(tx: ManagedTransaction, tenantId: string, appId: string, runId: string, rows: MemberRow[]): Promise<Omit<LoadResult, 'updated'>> {
  if (rows.length === 0) return { written: 0, joined: 0 };
  const result = await tx.run(
    `MATCH (w:SaaSApp {tenantId: $tenantId, provider: 'notion', id: $appId})
     UNWIND $rows AS row
     OPTIONAL MATCH (known:UserAccount {tenantId: $tenantId, id: $appId + ':' + row.externalId})
     WITH w, row, known
     WHERE known IS NULL OR known.removedAt IS NOT NULL OR coalesce(known.hash, '') <> row.hash
     WITH w, row, CASE WHEN known IS NULL THEN w.baselineAt IS NOT NULL ELSE known.removedAt IS NOT NULL END AS joined
     MERGE (a:UserAccount {tenantId: $tenantId, id: $appId + ':' + row.externalId})
     ON CREATE SET a:NotionUser, a.provider = 'notion', a.appId = $appId, a.externalId = row.externalId, a.firstSeen = datetime()
     SET a.name = row.name, a.email = row.email, a.emailRaw = row.emailRaw, a.avatarUrl = row.avatarUrl, a.hash = row.hash,
         a.removedAt = null, a.lastChangedRunId = $runId
     MERGE (a)-[:MEMBER_OF]->(w)
     WITH w, a, row, joined
     OPTIONAL MATCH (a)-[former:FORMER_MEMBER_OF]->(w)
     DELETE former
     WITH DISTINCT a, row, joined
     FOREACH (_ IN CASE WHEN joined THEN [1] ELSE [] END |
       CREATE (:MembershipChange {id: randomUUID(), tenantId: $tenantId, appId: $appId, accountId: a.id, email: row.email, name: row.name,
                                  kind: 'JOINED', at: datetime(), runId: $runId}))
     WITH a, row, joined
     OPTIONAL MATCH (previous:User)-[h:HAS_ACCOUNT]->(a) WHERE previous.email <> row.email
     DELETE h
     WITH DISTINCT a, row, joined
     MERGE (u:User {tenantId: $tenantId, email: row.email})
     ON CREATE SET u.firstSeen = datetime()
     MERGE (u)-[:HAS_ACCOUNT]->(a)
     RETURN count(DISTINCT a) AS written, count(DISTINCT CASE WHEN joined THEN a END) AS joined`,
    { tenantId, appId, runId, rows },
  );
  const r = result.records[0];
  return { written: toNumber(r?.get('written')), joined: toNumber(r?.get('joined')) };
}

const toNumber = (v: unknown): number => Number(toPlain(v ?? 0));
