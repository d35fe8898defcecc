import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** What a grant lets the integration read: users with email, users without email, or no users. */
export type Capability = 'email' | 'no_email' | 'none';

export interface SandboxMember {
  id: string;
  type: 'person' | 'bot';
  name: string | null;
  avatar_url: string | null;
  email?: string | null;
}

export interface SandboxWorkspace {
  id: string;
  name: string;
  icon: string | null;
  botId: string;
  capability: Capability;
  removed: boolean;
  /** The person who authorizes the integration (the token response's owner). */
  adminEmail: string;
  members: SandboxMember[];
}

export interface SeedOptions {
  id?: string;
  name: string;
  icon?: string | null;
  persons?: number;
  noEmailPersons?: number;
  bots?: number;
  members?: SandboxMember[];
  /** Domain of generated emails and of the admin; default `<slug of name>.example.com`. */
  domain?: string;
}

interface Grant {
  workspaceId: string;
  capability: Capability;
  redirectUri: string;
  expiresAt: number;
}

const uuidFrom = (seed: string): string => {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'workspace';

/** The stand-in's memory: workspaces, pending codes and issued tokens. */
export class SandboxState {
  readonly workspaces = new Map<string, SandboxWorkspace>();
  private readonly codes = new Map<string, Grant>();
  readonly access = new Map<string, string>(); // access token → workspace id
  readonly refresh = new Map<string, string>(); // refresh token → workspace id
  readonly issued = new Map<string, { accessTokens: string[]; refreshTokens: string[] }>();

  /** Seeds a workspace with deterministic generated members or the given array (kept by reference). */
  seed(opts: SeedOptions): SandboxWorkspace {
    const id = opts.id ?? randomUUID();
    const members: SandboxMember[] = opts.members ?? [];
    const domain = opts.domain ?? `${slug(opts.name)}.example.com`;
    if (!opts.members) {
      for (let i = 0; i < (opts.persons ?? 0); i++) {
        members.push({
          id: uuidFrom(`${id}:p:${i}`),
          type: 'person',
          name: `Person ${i}`,
          avatar_url: `https://avatars.example.com/${i}.png`,
          email: `person${i}@${domain}`,
        });
      }
      for (let i = 0; i < (opts.noEmailPersons ?? 0); i++) {
        members.push({ id: uuidFrom(`${id}:n:${i}`), type: 'person', name: `Guestless ${i}`, avatar_url: null, email: null });
      }
      for (let i = 0; i < (opts.bots ?? 0); i++)
        members.push({ id: uuidFrom(`${id}:b:${i}`), type: 'bot', name: `Bot ${i}`, avatar_url: null });
    }
    const ws: SandboxWorkspace = {
      id,
      name: opts.name,
      icon: opts.icon ?? null,
      botId: uuidFrom(`${id}:bot`),
      capability: 'email',
      removed: false,
      adminEmail: `admin@${domain}`,
      members,
    };
    this.workspaces.set(id, ws);
    return ws;
  }

  workspace(id: string): SandboxWorkspace {
    const ws = this.workspaces.get(id);
    if (!ws) throw new Error(`No sandbox workspace ${id}`);
    return ws;
  }

  /** What clicking Allow does: a single-use code valid ten minutes. Re-adds a removed integration. */
  authorize(workspaceId: string, capability: Capability, redirectUri: string): string {
    const ws = this.workspace(workspaceId);
    ws.removed = false;
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { workspaceId, capability, redirectUri, expiresAt: Date.now() + 600_000 });
    return code;
  }

  /** Consumes a code; null when unknown, used, expired or for another redirect URI. */
  redeem(code: string, redirectUri: string | undefined): Grant | null {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    if (!grant || grant.expiresAt < Date.now() || (redirectUri !== undefined && redirectUri !== grant.redirectUri)) return null;
    return grant;
  }

  /** Issues a fresh token pair for a workspace. */
  issue(workspaceId: string): { access: string; refresh: string } {
    const access = 'ntn_' + randomBytes(24).toString('base64url');
    const refresh = 'nrt_' + randomBytes(24).toString('base64url');
    this.access.set(access, workspaceId);
    this.refresh.set(refresh, workspaceId);
    const log = this.issued.get(workspaceId) ?? { accessTokens: [], refreshTokens: [] };
    log.accessTokens.push(access);
    log.refreshTokens.push(refresh);
    this.issued.set(workspaceId, log);
    return { access, refresh };
  }

  /** The workspace an access token works for, or null (unknown, revoked, integration removed). */
  bearer(token: string | undefined): SandboxWorkspace | null {
    const wsId = token ? this.access.get(token) : undefined;
    const ws = wsId ? this.workspaces.get(wsId) : undefined;
    return ws && !ws.removed ? ws : null;
  }

  /** Access tokens of the workspace stop working; refresh tokens still do (an expired access token). */
  expireAccessTokens(workspaceId: string): void {
    for (const [t, w] of this.access) if (w === workspaceId) this.access.delete(t);
  }

  /** Removing the integration invalidates every token of the workspace. */
  removeIntegration(workspaceId: string): void {
    this.workspace(workspaceId).removed = true;
    for (const map of [this.access, this.refresh]) for (const [t, w] of map) if (w === workspaceId) map.delete(t);
  }
}
