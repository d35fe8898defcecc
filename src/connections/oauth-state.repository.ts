import { type Graph, UNSEEN } from '../graph/graph';

/** A pending authorization: random id sent to the provider as `state`, bound to a tenant and a provider, single use. */
export interface OAuthStateRecord {
  id: string;
  tenantId: string;
  /** The provider whose consent page the state was sent to: completing it needs no other hint. */
  provider: string;
  redirectUri: string;
  connectionId: string | null;
  expiresAt: Date;
}

/** OAuth states as server-side rows, consumed atomically on first use. */
export class OAuthStateRepository {
  constructor(private readonly graph: Graph) {}

  /** Stores a new pending authorization and drops this tenant's long-expired and used ones. */
  async create(state: OAuthStateRecord): Promise<void> {
    await this.graph.write(
      `CREATE (s:OAuthState {id: $id, tenantId: $tenantId, provider: $provider, redirectUri: $redirectUri, connectionId: $connectionId,
                             expiresAt: datetime($expiresAt), createdAt: datetime()})
       WITH s
       OPTIONAL MATCH (old:OAuthState {tenantId: $tenantId})
         WHERE old.expiresAt < datetime() - duration('P1D') OR old.consumedAt < datetime() - duration('PT1H')
       DETACH DELETE old`,
      { ...state, expiresAt: state.expiresAt.toISOString() },
      UNSEEN,
    );
  }

  /**
   * Marks the tenant's state with this id used and returns it, once: a replay, or a second completion racing
   * the first, finds nothing. The statement takes the node's write lock before it reads `consumedAt`, so of
   * two concurrent completions the second waits and then sees the first's mark (a MATCH-then-DELETE let both
   * read the state before either deleted it). Used states are deleted with the expired ones (`create`).
   * Another tenant's state, or (when `provider` is given) another provider's, is neither returned nor consumed.
   */
  async consume(tenantId: string, id: string, provider: string | null = null): Promise<OAuthStateRecord | null> {
    const rows = await this.graph.write<{ s: OAuthStateRecord }>(
      `MATCH (s:OAuthState {id: $id}) WHERE s.tenantId = $tenantId AND ($provider IS NULL OR s.provider = $provider)
       SET s.lockedAt = datetime()
       WITH s, s.consumedAt IS NULL AS unused
       SET s.consumedAt = coalesce(s.consumedAt, datetime())
       WITH s WHERE unused
       RETURN s {.id, .tenantId, .provider, .redirectUri, .connectionId, .expiresAt, .createdAt} AS s`,
      { tenantId, id, provider },
      UNSEEN,
    );
    return rows[0]?.s ?? null;
  }
}
