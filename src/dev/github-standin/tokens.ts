import { createPublicKey, randomBytes } from 'node:crypto';
import { jwtVerify } from 'jose';

/** What a bearer token is to the stand-in. */
export type Bearer = { kind: 'user'; userId: number } | { kind: 'installation'; installationId: number } | { kind: 'app' };

interface Pending {
  userId: number;
  expiresAt: number;
}

/** Codes, user tokens (`ghu_`), installation tokens (`ghs_`), and the app's JWTs, verified with its public key. */
export class Tokens {
  private readonly codes = new Map<string, Pending>();
  private readonly tokens = new Map<string, { bearer: Bearer; expiresAt: number }>();
  readonly deletedUserTokens: string[] = [];
  installationTokensIssued = 0;
  private readonly publicKey;

  constructor(
    privateKeyPem: string,
    private readonly appId: string,
    private readonly clientId: string,
  ) {
    this.publicKey = createPublicKey(privateKeyPem);
  }

  code(userId: number): string {
    const code = randomBytes(10).toString('hex');
    this.codes.set(code, { userId, expiresAt: Date.now() + 10 * 60_000 });
    return code;
  }

  /** A code once, within ten minutes. */
  redeem(code: string): number | null {
    const p = this.codes.get(code);
    this.codes.delete(code);
    return p && p.expiresAt > Date.now() ? p.userId : null;
  }

  issue(bearer: Bearer, prefix: 'ghu_' | 'ghs_', ttlS: number): { token: string; expiresAt: string } {
    const token = `${prefix}${randomBytes(prefix === 'ghs_' ? 30 : 18).toString('base64url')}`;
    const expiresAt = Date.now() + ttlS * 1000;
    this.tokens.set(token, { bearer, expiresAt });
    if (bearer.kind === 'installation') this.installationTokensIssued++;
    return { token, expiresAt: new Date(expiresAt).toISOString().replace(/\.\d+Z$/, 'Z') };
  }

  delete(token: string): boolean {
    this.deletedUserTokens.push(token);
    return this.tokens.delete(token);
  }

  /** Ends every token of an installation (as after an uninstall: old tokens answer 401). */
  expireInstallation(id: number): void {
    for (const [t, g] of this.tokens) if (g.bearer.kind === 'installation' && g.bearer.installationId === id) this.tokens.delete(t);
  }

  /** An opaque token's bearer, or null. */
  bearer(token: string): Bearer | null {
    const g = this.tokens.get(token);
    return g && g.expiresAt > Date.now() ? g.bearer : null;
  }

  /**
   * The app's JWT (sheet §3): RS256 with the app's key, `iss` the client id or app id, `exp` at most ten minutes
   * after `iat`, `iat` not ahead of now. The error is GitHub's 401 message.
   */
  async app(jwt: string): Promise<string | null> {
    try {
      const { payload, protectedHeader } = await jwtVerify(jwt, this.publicKey, { algorithms: ['RS256'], clockTolerance: 60 });
      if (protectedHeader.alg !== 'RS256' || (String(payload.iss) !== this.appId && payload.iss !== this.clientId))
        return 'A JSON web token could not be decoded';
      const now = Math.floor(Date.now() / 1000);
      if (typeof payload.iat !== 'number' || payload.iat > now + 60)
        return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
      if (typeof payload.exp !== 'number' || payload.exp - payload.iat > 660)
        return "'Expiration time' claim ('exp') is too far in the future";
      return null;
    } catch {
      return 'A JSON web token could not be decoded';
    }
  }
}
