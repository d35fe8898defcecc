import type { Graph } from '../graph/graph';
import { type ConnectionRecord, ConnectionStatus, MemberAccess } from './connection.model';

const RETURN_CONNECTION = 'RETURN c {.*} AS c';

/** Connection nodes: one per (tenant, provider, remote app), tenant-scoped on every read. */
export class ConnectionRepository {
  constructor(private readonly graph: Graph) {}

  /** The tenant's connection with this id, or null (another tenant's id is simply not found). */
  async get(tenantId: string, id: string): Promise<ConnectionRecord | null> {
    const rows = await this.graph.read<{ c: ConnectionRecord }>(
      `MATCH (c:Connection {id: $id}) WHERE c.tenantId = $tenantId ${RETURN_CONNECTION}`,
      { tenantId, id },
    );
    return rows[0]?.c ?? null;
  }

  /** The tenant's connection for a provider's remote app (workspace, customer), if one exists. */
  async findByWorkspace(tenantId: string, provider: string, workspaceId: string): Promise<ConnectionRecord | null> {
    const rows = await this.graph.read<{ c: ConnectionRecord }>(
      `MATCH (c:Connection {tenantId: $tenantId, provider: $provider, workspaceId: $workspaceId}) ${RETURN_CONNECTION}`,
      { tenantId, provider, workspaceId },
    );
    return rows[0]?.c ?? null;
  }

  /** Every connection of a tenant, oldest first. */
  async list(tenantId: string): Promise<ConnectionRecord[]> {
    const rows = await this.graph.read<{ c: ConnectionRecord }>(
      `MATCH (c:Connection {tenantId: $tenantId}) ${RETURN_CONNECTION} ORDER BY c.createdAt, c.id`,
      { tenantId },
    );
    return rows.map((r) => r.c);
  }

  /** Every connection of every tenant, by tenant then age (the operators' CLI; never the API). */
  async listAll(): Promise<ConnectionRecord[]> {
    const rows = await this.graph.read<{ c: ConnectionRecord }>(
      `MATCH (c:Connection) ${RETURN_CONNECTION} ORDER BY c.tenantId, c.createdAt, c.id`,
    );
    return rows.map((r) => r.c);
  }

  /** How many connections are in each status, over every tenant (for the metrics; no tenant leaves here). */
  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.graph.read<{ status: string; n: number }>('MATCH (c:Connection) RETURN c.status AS status, count(*) AS n');
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** Every CONNECTED connection of every tenant: what the scheduler syncs. */
  async listSyncable(): Promise<ConnectionRecord[]> {
    const rows = await this.graph.read<{ c: ConnectionRecord }>(
      `MATCH (c:Connection {status: $status}) ${RETURN_CONNECTION} ORDER BY c.createdAt, c.id`,
      { status: ConnectionStatus.CONNECTED },
    );
    return rows.map((r) => r.c);
  }

  /** Creates the connection for a provider's remote app, or brings an existing one back to CONNECTED. */
  async upsertConnected(tenantId: string, id: string, provider: string, workspaceId: string): Promise<ConnectionRecord> {
    const rows = await this.graph.write<{ c: ConnectionRecord }>(
      `MERGE (c:Connection {tenantId: $tenantId, provider: $provider, workspaceId: $workspaceId})
       ON CREATE SET c.id = $id, c.createdAt = datetime(), c.memberAccess = $unknown
       SET c.status = $connected, c.statusReason = null, c.updatedAt = datetime()
       ${RETURN_CONNECTION}`,
      { tenantId, id, provider, workspaceId, connected: ConnectionStatus.CONNECTED, unknown: MemberAccess.UNKNOWN },
      { tenantId },
    );
    return rows[0].c;
  }

  /** Sets the status and the sentence that explains it. */
  async setStatus(id: string, status: ConnectionStatus, reason: string | null): Promise<ConnectionRecord | null> {
    const rows = await this.graph.write<{ c: ConnectionRecord }>(
      `MATCH (c:Connection {id: $id}) SET c.status = $status, c.statusReason = $reason, c.updatedAt = datetime() ${RETURN_CONNECTION}`,
      { id, status, reason },
      { connectionId: id },
    );
    return rows[0]?.c ?? null;
  }

  /** Flags a CONNECTED connection as needing re-authorization; a disconnected one stays disconnected. */
  async markNeedsReauth(id: string, reason: string): Promise<void> {
    await this.graph.write(
      'MATCH (c:Connection {id: $id}) WHERE c.status = $connected SET c.status = $needs, c.statusReason = $reason, c.updatedAt = datetime()',
      { id, reason, connected: ConnectionStatus.CONNECTED, needs: ConnectionStatus.NEEDS_REAUTH },
      { connectionId: id },
    );
  }

  /** Records the run the shrink guard held, and what it saw, for the connection card. */
  async holdShrink(id: string, runId: string, membersInGraph: number, membersListed: number): Promise<void> {
    await this.graph.write(
      `MATCH (c:Connection {id: $id})
       SET c.pendingShrinkRunId = $runId, c.pendingShrinkMembersInGraph = $membersInGraph, c.pendingShrinkMembersListed = $membersListed,
           c.pendingShrinkAt = datetime(), c.shrinkConfirmed = false, c.updatedAt = datetime()`,
      { id, runId, membersInGraph, membersListed },
      { connectionId: id },
    );
  }

  /** An administrator says the workspace really shrank: the next run may remove. False if nothing was held. */
  async confirmShrink(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.graph.write(
      `MATCH (c:Connection {id: $id, tenantId: $tenantId}) WHERE c.pendingShrinkRunId IS NOT NULL
       SET c.shrinkConfirmed = true, c.updatedAt = datetime() RETURN c.id AS id`,
      { tenantId, id },
      { tenantId },
    );
    return rows.length > 0;
  }

  /** A complete run that was not held: the pending shrink (if any) is over, applied or gone by itself. */
  async clearShrink(id: string): Promise<void> {
    await this.graph.write(
      `MATCH (c:Connection {id: $id}) WHERE c.pendingShrinkRunId IS NOT NULL OR c.shrinkConfirmed
       REMOVE c.pendingShrinkRunId, c.pendingShrinkMembersInGraph, c.pendingShrinkMembersListed, c.pendingShrinkAt, c.shrinkConfirmed`,
      { id },
      { connectionId: id },
    );
  }

  /** Records what the last sync could read of the members, and why not when it could not. */
  async setMemberAccess(id: string, access: MemberAccess, message: string | null): Promise<void> {
    await this.graph.write(
      'MATCH (c:Connection {id: $id}) SET c.memberAccess = $access, c.memberAccessMessage = $message, c.updatedAt = datetime()',
      { id, access, message },
      { connectionId: id },
    );
  }

  /** Keeps what the connection's next run resumes from (a delta link; null: list everything), after a successful run. */
  async setResume(id: string, resume: string | null): Promise<void> {
    await this.graph.write(
      "MATCH (c:Connection {id: $id}) WHERE coalesce(c.resumeCursor, '') <> coalesce($resume, '') SET c.resumeCursor = $resume",
      { id, resume },
      { connectionId: id },
    );
  }
}
