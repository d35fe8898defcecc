import { type Graph, UNSEEN } from '../graph/graph';
import type { TokenCipher } from '../lib/crypto';

/** Decrypted tokens of a connection; only the sync and OAuth code ever hold them. */
export interface Tokens {
  accessToken: string;
  refreshToken: string | null;
}

/**
 * Tokens live on a Credential node apart from the Connection, sealed with AES-256-GCM, so that no query
 * that serves the API can return them by accident.
 */
export class CredentialRepository {
  constructor(
    private readonly graph: Graph,
    private readonly cipher: TokenCipher,
  ) {}

  /** The keys this process opens tokens with (a sync loop claims in the background only what it can open). */
  get keyIds(): string[] {
    return this.cipher.keyIds;
  }

  /**
   * Stores (replacing) a connection's token pair in one write. A disconnected connection takes none, so a
   * refresh finishing after a disconnect cannot bring tokens back.
   */
  async save(connectionId: string, tokens: Tokens): Promise<boolean> {
    const rows = await this.graph.write(
      `MATCH (c:Connection {id: $connectionId}) WHERE c.status <> 'DISCONNECTED'
       MERGE (c)-[:HAS_CREDENTIAL]->(k:Credential {connectionId: $connectionId})
       SET k.tenantId = c.tenantId, k.accessToken = $access, k.refreshToken = $refresh, k.keyId = $keyId, k.updatedAt = datetime()
       RETURN k.connectionId AS connectionId`,
      {
        connectionId,
        access: this.cipher.seal(tokens.accessToken),
        refresh: tokens.refreshToken ? this.cipher.seal(tokens.refreshToken) : null,
        keyId: this.cipher.keyId,
      },
      UNSEEN,
    );
    return rows.length > 0;
  }

  /** The decrypted pair, or null when the connection holds no tokens (disconnected). */
  async load(connectionId: string): Promise<Tokens | null> {
    const rows = await this.graph.read<{ access: string; refresh: string | null }>(
      'MATCH (k:Credential {connectionId: $connectionId}) RETURN k.accessToken AS access, k.refreshToken AS refresh',
      { connectionId },
    );
    if (!rows[0]) return null;
    const { access, refresh } = rows[0];
    return { accessToken: this.cipher.open(access), refreshToken: refresh ? this.cipher.open(refresh) : null };
  }

  /**
   * Re-seals with the current key every credential sealed with a previous one (key rotation). Each update
   * applies only if the stored value is still the one read, so a concurrent refresh is never overwritten.
   * Returns how many were re-sealed; ones no configured key opens are left alone (they show as ERROR).
   */
  async resealAll(): Promise<{ resealed: number; unreadable: number }> {
    const rows = await this.graph.read<{ id: string; access: string; refresh: string | null }>(
      'MATCH (k:Credential) WHERE k.keyId IS NULL OR k.keyId <> $keyId RETURN k.connectionId AS id, k.accessToken AS access, k.refreshToken AS refresh',
      { keyId: this.cipher.keyId },
    );
    let resealed = 0;
    let unreadable = 0;
    for (const row of rows) {
      let access: string;
      let refresh: string | null;
      try {
        access = this.cipher.seal(this.cipher.open(row.access));
        refresh = row.refresh ? this.cipher.seal(this.cipher.open(row.refresh)) : null;
      } catch {
        unreadable++;
        continue;
      }
      const done = await this.graph.write(
        `MATCH (k:Credential {connectionId: $id}) WHERE k.accessToken = $oldAccess
         SET k.accessToken = $access, k.refreshToken = $refresh, k.keyId = $keyId
         RETURN k.connectionId AS id`,
        { id: row.id, oldAccess: row.access, access, refresh, keyId: this.cipher.keyId },
        UNSEEN,
      );
      resealed += done.length;
    }
    return { resealed, unreadable };
  }

  /** Deletes the stored tokens for good. */
  async delete(connectionId: string): Promise<void> {
    await this.graph.write('MATCH (k:Credential {connectionId: $connectionId}) DETACH DELETE k', { connectionId }, UNSEEN);
  }
}
