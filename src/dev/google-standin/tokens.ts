import { randomBytes } from 'node:crypto';

/** Who consented, to what: one grant per consent, shared by its refresh token and every access token it issues. */
export interface GoogleGrant {
  id: string;
  customerId: string;
  userId: string;
  scopes: string[];
  revoked: boolean;
}

interface PendingCode {
  grant: Omit<GoogleGrant, 'id' | 'revoked'>;
  redirectUri: string;
  offline: boolean;
  consent: boolean;
  expiresAt: number;
}

const ACCESS_TTL_S = 3599;

/** Codes, refresh tokens and access tokens of the stand-in's OAuth server. */
export class Tokens {
  private readonly codes = new Map<string, PendingCode>();
  private readonly access = new Map<string, { grant: GoogleGrant; expiresAt: number }>();
  private readonly refresh = new Map<string, GoogleGrant>();
  /** Users who already consented once: Google sends a refresh token again only with prompt=consent. */
  private readonly consented = new Set<string>();
  /** Every token issued, by customer, for tests to look at. */
  readonly issued = new Map<string, { accessTokens: string[]; refreshTokens: string[] }>();

  /** A single-use code, valid ten minutes. */
  code(grant: PendingCode['grant'], redirectUri: string, offline: boolean, consent: boolean): string {
    const code = '4/0' + randomBytes(24).toString('base64url');
    this.codes.set(code, { grant, redirectUri, offline, consent, expiresAt: Date.now() + 600_000 });
    return code;
  }

  /** Consumes a code: null when unknown, used or expired, 'mismatch' for another redirect URI. */
  redeem(code: string, redirectUri: string): { grant: GoogleGrant; refreshToken: string | null } | null | 'mismatch' {
    const pending = this.codes.get(code);
    this.codes.delete(code);
    if (!pending || pending.expiresAt < Date.now()) return null;
    if (pending.redirectUri !== redirectUri) return 'mismatch';
    const grant: GoogleGrant = { ...pending.grant, id: randomBytes(8).toString('hex'), revoked: false };
    const key = `${grant.customerId}:${grant.userId}`;
    const first = !this.consented.has(key);
    this.consented.add(key);
    let refreshToken: string | null = null;
    if (pending.offline && (first || pending.consent)) {
      refreshToken = '1//0' + randomBytes(32).toString('base64url');
      this.refresh.set(refreshToken, grant);
      this.log(grant.customerId).refreshTokens.push(refreshToken);
    }
    return { grant, refreshToken };
  }

  /** A new access token for a grant. */
  issue(grant: GoogleGrant): { token: string; expiresIn: number } {
    const token = 'ya29.' + randomBytes(32).toString('base64url');
    this.access.set(token, { grant, expiresAt: Date.now() + ACCESS_TTL_S * 1000 });
    this.log(grant.customerId).accessTokens.push(token);
    return { token, expiresIn: ACCESS_TTL_S };
  }

  /** The live grant of a refresh token, if any. */
  byRefresh(token: string): GoogleGrant | null {
    const g = this.refresh.get(token);
    return g && !g.revoked ? g : null;
  }

  /** The live grant of an access token, if any (unknown, expired or revoked: null). */
  bearer(token: string | undefined): GoogleGrant | null {
    const a = token ? this.access.get(token) : undefined;
    return a && !a.grant.revoked && a.expiresAt > Date.now() ? a.grant : null;
  }

  /** Revoking either token of a grant revokes the grant (Google: the refresh token goes with its access token). */
  revoke(token: string): boolean {
    const grant = this.refresh.get(token) ?? this.access.get(token)?.grant;
    if (!grant || grant.revoked) return false;
    grant.revoked = true;
    return true;
  }

  /** Access tokens of a customer stop working (expired); refresh tokens still work. */
  expireAccessTokens(customerId: string): void {
    for (const [t, a] of this.access) if (a.grant.customerId === customerId) this.access.delete(t);
  }

  /** Every grant of a customer dies, as when an admin removes the app or the user's password changes. */
  revokeAll(customerId: string): void {
    for (const g of this.refresh.values()) if (g.customerId === customerId) g.revoked = true;
    for (const a of this.access.values()) if (a.grant.customerId === customerId) a.grant.revoked = true;
  }

  private log(customerId: string) {
    const l = this.issued.get(customerId) ?? { accessTokens: [], refreshTokens: [] };
    this.issued.set(customerId, l);
    return l;
  }
}
