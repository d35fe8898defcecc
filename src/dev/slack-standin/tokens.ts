import { randomBytes } from 'node:crypto';

/** What an install grants: the workspace, the bot scopes the installer allowed, and who installed. */
export interface InstallGrant {
  teamId: string;
  scopes: string[];
  installerId: string;
}

interface AccessToken extends InstallGrant {
  /** Epoch ms; null: a bot token without rotation, which never expires. */
  expiresAt: number | null;
  revoked: boolean;
}

/** Why a token is refused, in Slack's words (sheet §5). */
export type TokenProblem = 'not_authed' | 'invalid_auth' | 'token_revoked' | 'token_expired' | 'account_inactive';

/** Rotation: the access token lives 12 hours (sheet §1). */
export const ROTATION_TTL_S = 43200;

const rand = (n: number) => randomBytes(n).toString('hex');

/** Codes, bot tokens and rotation refresh tokens; an uninstalled workspace's tokens answer `account_inactive`. */
export class Tokens {
  private readonly codes = new Map<string, InstallGrant & { redirectUri: string | null; expiresAt: number }>();
  private readonly access = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, InstallGrant>();
  private readonly uninstalled = new Set<string>();
  /** Every token issued per workspace, for tests. */
  readonly issued = new Map<string, { access: string[]; refresh: string[] }>();

  code(grant: InstallGrant, redirectUri: string | null): string {
    const code = `${Date.now()}.${rand(12)}`;
    this.codes.set(code, { ...grant, redirectUri, expiresAt: Date.now() + 10 * 60_000 });
    this.uninstalled.delete(grant.teamId);
    return code;
  }

  /** A code once, within ten minutes; null otherwise. */
  redeem(code: string): (InstallGrant & { redirectUri: string | null }) | null {
    const c = this.codes.get(code);
    this.codes.delete(code);
    return c && c.expiresAt > Date.now() ? c : null;
  }

  /** A bot token, and with rotation a refresh token (`xoxe.xoxb-…`, `xoxe-1-…`). */
  issue(grant: InstallGrant, rotation: boolean): { accessToken: string; refreshToken: string | null; expiresIn: number | null } {
    const accessToken = `${rotation ? 'xoxe.' : ''}xoxb-${Date.now()}-${rand(6)}-${rand(12)}`;
    this.access.set(accessToken, { ...grant, expiresAt: rotation ? Date.now() + ROTATION_TTL_S * 1000 : null, revoked: false });
    const refreshToken = rotation ? `xoxe-1-${rand(24)}` : null;
    if (refreshToken) this.refreshTokens.set(refreshToken, grant);
    const log = this.issued.get(grant.teamId) ?? { access: [], refresh: [] };
    log.access.push(accessToken);
    if (refreshToken) log.refresh.push(refreshToken);
    this.issued.set(grant.teamId, log);
    return { accessToken, refreshToken, expiresIn: rotation ? ROTATION_TTL_S : null };
  }

  /** A refresh: a new pair, and the old refresh token is revoked (sheet §1); null for an unknown or used one. */
  refresh(refreshToken: string): InstallGrant | null {
    const g = this.refreshTokens.get(refreshToken);
    this.refreshTokens.delete(refreshToken);
    return g && !this.uninstalled.has(g.teamId) ? g : null;
  }

  /** The grant behind a bearer token, or why Slack refuses it. */
  check(token: string | undefined): AccessToken | TokenProblem {
    if (!token) return 'not_authed';
    const t = this.access.get(token);
    if (!t) return 'invalid_auth';
    if (t.revoked) return 'token_revoked';
    if (this.uninstalled.has(t.teamId)) return 'account_inactive';
    if (t.expiresAt !== null && t.expiresAt <= Date.now()) return 'token_expired';
    return t;
  }

  /** auth.revoke: the token stops; when none of the workspace's is left, the app is uninstalled (sheet §1). */
  revoke(token: string): void {
    const t = this.access.get(token);
    if (!t) return;
    t.revoked = true;
    if ([...this.access.values()].every((a) => a.teamId !== t.teamId || a.revoked)) this.uninstall(t.teamId);
  }

  /** Every rotating token of a workspace expires now. */
  expire(teamId: string): void {
    for (const t of this.access.values()) if (t.teamId === teamId && t.expiresAt !== null) t.expiresAt = Date.now();
  }

  /** An admin removes the app: every token of the workspace answers `account_inactive`, refresh tokens stop. */
  uninstall(teamId: string): void {
    this.uninstalled.add(teamId);
    for (const [rt, g] of this.refreshTokens) if (g.teamId === teamId) this.refreshTokens.delete(rt);
  }

  installed(teamId: string): boolean {
    return !this.uninstalled.has(teamId);
  }
}
