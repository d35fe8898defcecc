import { randomBytes } from 'node:crypto';

/** An access token the stand-in issued: app-only (client credentials) or delegated (the consenting user's). */
export interface AccessGrant {
  tenantId: string;
  appOnly: boolean;
  /** The application permissions of an app-only token (its `roles` claim). */
  roles: string[];
  expiresAt: number;
}

interface PendingCode {
  tenantId: string;
  userId: string;
  redirectUri: string;
  expiresAt: number;
}

const TTL_S = 3599;

/** Codes and access tokens of the stand-in's identity platform. */
export class Tokens {
  private readonly codes = new Map<string, PendingCode>();
  private readonly access = new Map<string, AccessGrant>();
  /** App-only tokens issued, per tenant: the benchmarks and tests count them. */
  readonly appOnlyIssued = new Map<string, number>();

  code(pending: Omit<PendingCode, 'expiresAt'>): string {
    const code = `1.Aa${randomBytes(24).toString('base64url')}`;
    this.codes.set(code, { ...pending, expiresAt: Date.now() + 10 * 60_000 });
    return code;
  }

  /** A code once: a second redemption fails as Microsoft's does (AADSTS54005). */
  redeem(code: string): PendingCode | null {
    const p = this.codes.get(code);
    this.codes.delete(code);
    return p && p.expiresAt > Date.now() ? p : null;
  }

  issue(grant: Omit<AccessGrant, 'expiresAt'>): { token: string; expiresIn: number } {
    const token = `eyJ0eXAiOiJKV1QiLCJzdGFuZGluIjoxfQ.${randomBytes(32).toString('base64url')}`;
    this.access.set(token, { ...grant, expiresAt: Date.now() + TTL_S * 1000 });
    if (grant.appOnly) this.appOnlyIssued.set(grant.tenantId, (this.appOnlyIssued.get(grant.tenantId) ?? 0) + 1);
    return { token, expiresIn: TTL_S };
  }

  bearer(token: string | undefined): AccessGrant | null {
    const g = token ? this.access.get(token) : undefined;
    return g && g.expiresAt > Date.now() ? g : null;
  }

  /** Ends every access token of a tenant (as if they had expired). */
  expire(tenantId: string): void {
    for (const [t, g] of this.access) if (g.tenantId === tenantId) this.access.delete(t);
  }
}
