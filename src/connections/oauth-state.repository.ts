import { type Graph, UNSEEN } from '../graph/graph';

/** A pending authorization: random id sent to Notion as `state`, bound to a tenant, single use. */
export interface OAuthStateRecord {
  id: string;
  tenantId: string;
  redirectUri: string;
  connectionId: string | null;
  expiresAt: Date;
}

/** OAuth states as server-side rows, consumed atomically on first use. */
export class OAuthStateRepository {
  constructor(private readonly graph: Graph) {}

  /** Stores a new pending authorization and drops this tenant's long-expired ones. */
  async create(state: OAuthStateRecord): Promise<void> {
    await this.graph.write(
      `CREATE (s:OAuthState {id: $id, tenantId: $tenantId, redirectUri: $redirectUri, connectionId: $connectionId,
                             expiresAt: datetime($expiresAt), createdAt: datetime()})
       WITH s
       OPTIONAL MATCH (old:OAuthState {tenantId: $tenantId}) WHERE old.expiresAt < datetime() - duration('P1D')
       DETACH DELETE old`,
      { ...state, expiresAt: state.expiresAt.toISOString() },
      UNSEEN,
    );
  }

  /**
   * Deletes and returns the tenant's state with this id in one statement, so a replay finds nothing.
   * Another tenant's state is neither returned nor consumed.
   */
  async consume(tenantId: string, id: string): Promise<OAuthStateRecord | null> {
    const rows = await this.graph.write<{ s: OAuthStateRecord }>(
      `MATCH (s:OAuthState {id: $id}) WHERE s.tenantId = $tenantId
       WITH s, s {.*} AS copy
       DELETE s
       RETURN copy AS s`,
      { tenantId, id },
      UNSEEN,
    );
    return rows[0]?.s ?? null;
  }
}
