import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultQueue, type FaultScope } from '../standin-kit/fault-queue';
import { intake, send } from '../standin-kit/http';
import { type BucketOptions, TokenBuckets } from '../standin-kit/token-buckets';
import { ApiRoutes, type PageFault } from './api';
import { graphqlErrors, json, type Reply, type Req, restError } from './http';
import { type AppRegistration, type InstallCallback, type InstallRequest, InstallRoutes } from './install';
import { type GitHubInstallation, type GitHubOrg, type GitHubUser, type MemberSeed, type OrgSeed, World } from './state';
import { type Bearer, Tokens } from './tokens';

/** A scripted failure; `scope` is the organisation's login, `path` exact (`/graphql`, `/orgs/acme/outside_collaborators` …). */
export type Fault = FaultScope &
  (
    | /** An error answer in GitHub's REST shape. */ { kind: 'status'; status: number; message?: string; retryAfter?: number }
    | /** The primary limit: REST 403/429 with x-ratelimit-remaining 0; GraphQL 200 with a RATE_LIMITED (or 2026's RATE_LIMIT) error. */ {
        kind: 'primary';
        resetIn: number;
        status?: 403 | 429;
        graphqlType?: 'RATE_LIMITED' | 'RATE_LIMIT';
      }
    | /** The secondary limit: 403/429 "You have exceeded a secondary rate limit", retry-after when given. */ {
        kind: 'secondary';
        retryAfter?: number;
        status?: 403 | 429;
      }
    | /** Never answered. */ { kind: 'hang' }
    | /** A 200 whose JSON body stops halfway (complete as far as HTTP goes). */ { kind: 'malformed' }
    | /** Headers and half a body, then the connection is destroyed. */ { kind: 'reset' }
    | PageFault
  );

export interface StartOptions extends AppRegistration {
  port?: number;
  host?: string;
  /** Off by default: past this budget per installation, the API answers secondary rate limits with retry-after. */
  rateLimit?: BucketOptions;
  /** Primary limit per installation and hour (default 5,000). */
  hourlyLimit?: number;
  /** Whether an installation token sees `hasTwoFactorEnabled` (NC, sheet §4): default true. */
  twoFactorVisible?: boolean;
}

/** A request the stand-in answered (never a token). */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  org?: string;
  status: number;
  at: number;
}

/** The running stand-in, driven from tests, the demo and the benchmarks. */
export interface GitHubSandbox {
  /** `http://host:port`: the API base URL and the web base URL both. */
  url: string;
  requests: LoggedRequest[];
  stats: { inFlight: number; peakInFlight: number; rateLimited: number };
  stop(): Promise<void>;
  seedOrg(seed: OrgSeed): GitHubOrg;
  org(login: string): GitHubOrg;
  /** A GitHub user outside any organisation (an attacker installing on their own org, a guest …). */
  addUser(seed: Omit<MemberSeed, 'role'>): GitHubUser;
  addMember(org: string, seed: MemberSeed): GitHubUser;
  removeMember(org: string, login: string): void;
  addCollaborator(org: string, login: string): GitHubUser;
  /** What clicking "Install & Authorize" does: the callback's parameters. */
  install(r: InstallRequest): InstallCallback;
  callbackUrl(cb: InstallCallback): string;
  uninstall(org: string): void;
  suspend(org: string, suspended?: boolean): void;
  installation(org: string): GitHubInstallation | null;
  /** User tokens deleted through `DELETE /applications/{client_id}/token`. */
  deletedUserTokens(): string[];
  installationTokensIssued(): number;
  injectFault(fault: Fault): void;
  clearFaults(): void;
}

const APP_PATH = /^\/app\/installations\/(\d+)(\/access_tokens)?$/;
const ORG = /^\/orgs\/([^/]+)$/;
const COLLABORATORS = /^\/(orgs|organizations)\/([^/]+)\/outside_collaborators$/;
const DELETE_TOKEN = /^\/applications\/([^/]+)\/token$/;

/** Starts a local HTTP server speaking GitHub's web, OAuth, REST and GraphQL wire format (shared/github-api.md). */
export async function startGitHubSandbox(opts: StartOptions): Promise<GitHubSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const world = new World();
  const tokens = new Tokens(opts.privateKey, opts.appId, opts.clientId);
  const faults = new FaultQueue<Fault>();
  const buckets = opts.rateLimit ? new TokenBuckets(opts.rateLimit) : null;
  const hourly = new Map<number, { used: number; resetAt: number }>();
  let url = '';
  const api = new ApiRoutes(world, opts.slug, opts.appId, () => url);
  const install = new InstallRoutes(world, tokens, opts);
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  const stats = { inFlight: 0, peakInFlight: 0, rateLimited: 0 };

  const limitHeaders = (installationId: number): Record<string, string> => {
    const now = Date.now();
    let h = hourly.get(installationId);
    if (!h || h.resetAt <= now) hourly.set(installationId, (h = { used: 0, resetAt: now + 3600_000 }));
    h.used++;
    const limit = opts.hourlyLimit ?? 5000;
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - h.used)),
      'x-ratelimit-used': String(h.used),
      'x-ratelimit-reset': String(Math.ceil(h.resetAt / 1000)),
      'x-ratelimit-resource': 'core',
    };
  };

  async function bearerOf(req: Req): Promise<Bearer | { error: string } | null> {
    const raw = /^(?:bearer|token)\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!raw) return null;
    if (raw.split('.').length === 3) {
      const problem = await tokens.app(raw);
      return problem ? { error: problem } : { kind: 'app' };
    }
    return tokens.bearer(raw) ?? { error: 'Bad credentials' };
  }

  function faultReply(f: Fault, graphql: boolean): Reply | 'hang' | 'reset' | 'malformed' | null {
    if (f.kind === 'hang' || f.kind === 'reset' || f.kind === 'malformed') return f.kind;
    if (f.kind === 'status')
      return restError(
        f.status,
        f.message ?? (f.status >= 500 ? 'Server Error' : 'Injected fault'),
        f.retryAfter === undefined ? undefined : { 'retry-after': String(f.retryAfter) },
      );
    if (f.kind === 'primary') {
      stats.rateLimited++;
      const headers = {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '5000',
        'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000 + f.resetIn)),
      };
      if (graphql)
        return graphqlErrors(
          [{ type: f.graphqlType ?? 'RATE_LIMITED', message: 'API rate limit exceeded for installation.' }],
          null,
          headers,
        );
      return restError(f.status ?? 403, 'API rate limit exceeded for installation ID 1.', headers);
    }
    if (f.kind === 'secondary') {
      stats.rateLimited++;
      return restError(
        f.status ?? 403,
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        f.retryAfter === undefined ? undefined : { 'retry-after': String(f.retryAfter) },
      );
    }
    return null;
  }

  /** The organisation an installation token may read, or the answer refusing it. */
  function orgFor(bearer: Bearer, key: string, byId: boolean): GitHubOrg | Reply {
    if (bearer.kind !== 'installation') return restError(403, 'Resource not accessible by integration');
    const found = world.installation(bearer.installationId);
    if (!found || found.installation.removed) return restError(401, 'Bad credentials');
    const match = byId ? String(found.org.id) === key : found.org.login.toLowerCase() === key.toLowerCase();
    return match ? found.org : restError(404, 'Not Found');
  }

  async function route(req: Req): Promise<Reply | 'hang' | 'reset' | 'malformed'> {
    const slugPage = `/apps/${opts.slug}/installations/new`;
    if (req.method === 'GET' && req.path === slugPage) return install.page(req);
    if (req.method === 'POST' && req.path === `${slugPage}/decision`) return install.decision(req);
    if (req.method === 'POST' && req.path === '/login/oauth/access_token') return install.accessToken(req);
    const del = DELETE_TOKEN.exec(req.path);
    if (req.method === 'DELETE' && del) return install.deleteToken(req, del[1]);
    if (!req.headers['user-agent'])
      return restError(403, 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header.');
    const bearer = await bearerOf(req);
    const graphql = req.method === 'POST' && req.path === '/graphql';
    const appPath = APP_PATH.exec(req.path);
    if (appPath) {
      if (!bearer || 'error' in bearer || bearer.kind !== 'app')
        return restError(401, bearer && 'error' in bearer ? bearer.error : 'A JSON web token could not be decoded');
      const id = Number(appPath[1]);
      const found = world.installation(id);
      const fault = faults.take(req.path, found?.org.login);
      if (fault) return faultReply(fault, false) ?? restError(500, 'Server Error');
      if (req.method === 'GET' && !appPath[2]) return api.installation(id);
      if (req.method !== 'POST' || !appPath[2]) return restError(404, 'Not Found');
      if (!found || found.installation.removed) return restError(404, 'Not Found');
      if (found.installation.suspendedAt) return restError(403, 'This installation has been suspended');
      const t = tokens.issue({ kind: 'installation', installationId: id }, 'ghs_', 3600);
      return {
        ...json(201, { token: t.token, expires_at: t.expiresAt, permissions: found.installation.permissions, repository_selection: 'all' }),
        org: found.org.login,
      };
    }
    if (!bearer) return restError(401, 'Requires authentication');
    if ('error' in bearer) return restError(401, bearer.error);
    if (req.method === 'GET' && req.path === '/user/installations') {
      if (bearer.kind !== 'user')
        return restError(403, 'You must authenticate with an access token authorized to a GitHub App in order to list installations');
      return api.userInstallations(bearer.userId);
    }
    const installation = bearer.kind === 'installation' ? world.installation(bearer.installationId) : null;
    const scope = installation?.org.login;
    const fault = faults.take(req.path, scope);
    const page = fault && ['empty-page', 'loop', 'shrink'].includes(fault.kind) ? (fault as PageFault) : null;
    if (fault && !page) return faultReply(fault, graphql) ?? restError(500, 'Server Error');
    if (installation && buckets) {
      const wait = buckets.take(String(installation.installation.id));
      if (wait !== null) return faultReply({ kind: 'secondary', retryAfter: wait }, graphql) ?? restError(500, 'Server Error');
    }
    const headers = installation ? limitHeaders(installation.installation.id) : {};
    const withLimits = (r: Reply): Reply => ({ ...r, headers: { ...headers, ...r.headers } });
    if (graphql) {
      if (bearer.kind !== 'installation' || !installation || installation.installation.removed) return restError(401, 'Bad credentials');
      const body = JSON.parse(req.body || '{}') as { query?: string; variables?: Record<string, unknown> };
      const login = String(body.variables?.org ?? '');
      const org = world.orgs.get(login.toLowerCase());
      if (!org || org.installation?.id !== installation.installation.id)
        return withLimits(
          graphqlErrors(
            [{ type: 'NOT_FOUND', path: ['organization'], message: `Could not resolve to an Organization with the login of '${login}'.` }],
            { organization: null },
          ),
        );
      if (installation.installation.permissions.members !== 'read')
        return withLimits(
          graphqlErrors(
            [{ type: 'FORBIDDEN', path: ['organization', 'membersWithRole'], message: 'Resource not accessible by integration' }],
            { organization: null },
          ),
        );
      if (!body.query?.includes('membersWithRole')) return withLimits(json(200, { data: { organization: { name: org.name } } }));
      return withLimits(api.members(org, body.variables ?? {}, page, opts.twoFactorVisible ?? true));
    }
    const orgPath = ORG.exec(req.path);
    if (req.method === 'GET' && orgPath) {
      const org = orgFor(bearer, decodeURIComponent(orgPath[1]), false);
      return withLimits('status' in org ? org : api.organization(org));
    }
    const collab = COLLABORATORS.exec(req.path);
    if (req.method === 'GET' && collab) {
      const org = orgFor(bearer, decodeURIComponent(collab[2]), collab[1] === 'organizations');
      if ('status' in org) return withLimits(org);
      if (org.installation?.permissions.members !== 'read') return withLimits(restError(403, 'Resource not accessible by integration'));
      return withLimits(api.collaborators(req, org, page));
    }
    return restError(404, 'Not Found');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const at = Date.now();
    const r = await intake(req, res, stats);
    const reply = await route(r);
    const query = Object.fromEntries(r.query);
    if (reply === 'hang') return; // never answered; stop() destroys the socket
    if (reply === 'reset' || reply === 'malformed') {
      requests.push({ method: r.method, path: r.path, query, status: reply === 'reset' ? 0 : 200, at });
      const half = '{"data":{"organization":{"name":"x","membersWithRole":{"edges":[{"role":"ADMIN","node":{"login":"';
      if (reply === 'malformed') return res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(half);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': '4000' });
      res.write(half);
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    requests.push({ method: r.method, path: r.path, query, org: reply.org, status: reply.status, at });
    send(res, reply, 'application/json; charset=utf-8');
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => send(res, restError(500, err.message)));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  url = `http://${host}:${(server.address() as AddressInfo).port}`;

  const installationOf = (org: string) => world.org(org).installation;
  return {
    url,
    requests,
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
    seedOrg: (s) => world.seed(s),
    org: (login) => world.org(login),
    addUser: (s) => world.user(s),
    addMember: (org, s) => world.addMember(org, s),
    removeMember: (org, login) => world.removeMember(org, login),
    addCollaborator: (org, login) => {
      const u = world.user({ login });
      world.org(org).collaborators.push(u.id);
      return u;
    },
    install: (r) => install.install(r),
    callbackUrl: (cb) => install.callbackUrl(cb),
    uninstall: (org) => {
      const i = installationOf(org);
      if (!i) return;
      i.removed = true;
      tokens.expireInstallation(i.id);
    },
    suspend: (org, suspended = true) => {
      const i = installationOf(org);
      if (i) i.suspendedAt = suspended ? new Date().toISOString().replace(/\.\d+Z$/, 'Z') : null;
    },
    installation: installationOf,
    deletedUserTokens: () => [...tokens.deletedUserTokens],
    installationTokensIssued: () => tokens.installationTokensIssued,
    injectFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
  };
}
