import type { AccountSource, Connector } from '../connectors/connector';
import type { CredentialRepository, Tokens } from '../connections/credential.repository';
import { SealedTokenError } from '../lib/crypto';

/** The provider rejected the stored grant for good: the connection needs re-authorization. */
export class NeedsReauth extends Error {}
/** The stored token cannot be decrypted with the configured keys. */
export class CredentialUnreadable extends Error {}

/**
 * Holds a connection's tokens for one run. On 401 it refreshes once (when a refresh token is held), stores
 * the new pair (a provider that sends no new refresh token keeps the old one), and retries the step; a second
 * 401 or a failed refresh means re-authorization.
 */
export class TokenSession {
  private tokens: Tokens | null = null;
  private refreshed = false;

  constructor(
    private readonly connector: Connector,
    private readonly credentials: CredentialRepository,
    private readonly connectionId: string,
    private readonly appId: string,
  ) {}

  /** Runs a step against the provider with the current token, refreshing once on 401. */
  async call<T>(step: (source: AccountSource) => Promise<T>): Promise<T> {
    this.tokens ??= await this.credentials.load(this.connectionId).catch((err: unknown) => {
      throw err instanceof SealedTokenError ? new CredentialUnreadable(err.message) : err;
    });
    if (!this.tokens) throw new NeedsReauth('no stored token');
    try {
      return await step(this.connector.source(this.tokens.accessToken, this.appId));
    } catch (err) {
      if (this.connector.classify(err) !== 'unauthorized') throw err;
      if (this.refreshed || !this.tokens.refreshToken) throw new NeedsReauth('unauthorized');
      this.refreshed = true;
      let saved = false;
      try {
        const grant = await this.connector.oauth.refresh(this.tokens.refreshToken);
        this.tokens = { accessToken: grant.accessToken, refreshToken: grant.refreshToken ?? this.tokens.refreshToken };
        saved = await this.credentials.save(this.connectionId, this.tokens);
      } catch {
        throw new NeedsReauth('refresh failed');
      }
      if (!saved) {
        // Disconnected while this run refreshed: the fresh grant must not outlive the connection.
        await this.connector.oauth.revoke(this.tokens.accessToken).catch(() => undefined);
        throw new NeedsReauth('disconnected during the run');
      }
      return this.call(step);
    }
  }
}
