import type { AccountSource, Connector } from '../connectors/connector';
import type { CredentialRepository, Tokens } from '../connections/credential.repository';
import { SealedTokenError } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { abortedRun, raceDeadline } from './run-deadline';

/** The provider rejected the stored grant for good: the connection needs re-authorization. */
export class NeedsReauth extends Error {}
/** The stored token cannot be decrypted with the configured keys. */
export class CredentialUnreadable extends Error {}

/** Refreshed tokens that could not be stored: the database's fault, never the grant's (issue 19). */
const tokenSaveFailed = () =>
  new AppError(
    'UPSTREAM_UNAVAILABLE',
    'TOKEN_SAVE_FAILED',
    'The provider refreshed the access token but the graph database could not store it; the grant is fine and nothing was removed. The next run tries again.',
  );

/**
 * Holds a connection's tokens for one run. On 401 it refreshes once (when a refresh token is held), stores
 * the new pair (a provider that sends no new refresh token keeps the old one), and retries the step; a second
 * 401 or a refused refresh means re-authorization. Every step and the refresh receive the run's signal and
 * are raced against it, so the run's deadline holds whatever the provider does.
 */
export class TokenSession {
  private tokens: Tokens | null = null;
  private refreshed = false;

  constructor(
    private readonly connector: Connector,
    private readonly credentials: CredentialRepository,
    private readonly connectionId: string,
    private readonly appId: string,
    private readonly signal: AbortSignal,
  ) {}

  /** Runs a step against the provider with the current token, refreshing once on 401. */
  async call<T>(step: (source: AccountSource) => Promise<T>): Promise<T> {
    this.tokens ??= await this.credentials.load(this.connectionId).catch((err: unknown) => {
      throw err instanceof SealedTokenError ? new CredentialUnreadable(err.message) : err;
    });
    if (!this.tokens) throw new NeedsReauth('no stored token');
    try {
      return await raceDeadline(step(this.connector.source(this.tokens.accessToken, this.appId, this.signal)), this.signal);
    } catch (err) {
      if (this.connector.classify(err) !== 'unauthorized') throw err;
      if (this.refreshed || !this.tokens.refreshToken) throw new NeedsReauth('unauthorized');
      this.refreshed = true;
      try {
        const grant = await raceDeadline(this.connector.oauth.refresh(this.tokens.refreshToken, this.signal), this.signal);
        this.tokens = { accessToken: grant.accessToken, refreshToken: grant.refreshToken ?? this.tokens.refreshToken };
      } catch {
        if (this.signal.aborted) throw abortedRun(this.signal);
        throw new NeedsReauth('refresh failed');
      }
      const saved = await this.save();
      if (!saved) {
        // Disconnected while this run refreshed: the fresh grant must not outlive the connection.
        await this.connector.oauth.revoke(this.tokens.accessToken).catch(() => undefined);
        throw new NeedsReauth('disconnected during the run');
      }
      return this.call(step);
    }
  }

  /** Stores the refreshed pair, once more after a short pause if the database failed; false when disconnected meanwhile. */
  private async save(): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.credentials.save(this.connectionId, this.tokens!);
      } catch {
        if (attempt >= 1 || this.signal.aborted) throw tokenSaveFailed();
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
}
