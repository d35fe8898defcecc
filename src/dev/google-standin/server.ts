import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type PageFault, listDomains, listUsers } from './directory';
import { type Fault, newFaults } from './faults';
import { intake } from '../standin-kit/http';
import { googleError, invalidCredentials, notAuthorized, type Reply, type Req, send } from './http';
import { type Consent, OAuthRoutes } from './oauth';
import { RateLimiter, type RateLimitOptions } from './rate-limit';
import { Directory, type GoogleDomain, type SandboxCustomer, type SeedOptions } from './state';
import { type GoogleGrant, Tokens } from './tokens';
import type { GoogleUser, UserSeed } from './users';

export interface StartOptions {
  clientId: string;
  clientSecret: string;
  port?: number;
  host?: string;
  /** The client's registered callbacks (exact match); any http(s) URI when unset. */
  redirectUris?: string[];
  /** Off by default. When set, the Directory API answers Google's rate-limit errors past this per-user budget. */
  rateLimit?: RateLimitOptions;
}

/** A request the stand-in answered (never its query string's token: revoke's is dropped). */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  customerId?: string;
  status: number;
  at: number;
}

/** Read-only counters for benchmarks: requests in flight, the most at once, and rate-limit answers sent. */
export interface SandboxStats {
  inFlight: number;
  peakInFlight: number;
  rateLimited: number;
}

/** The running stand-in, driven from tests, the demo and the benchmarks. */
export interface GoogleSandbox {
  url: string;
  requests: LoggedRequest[];
  /** Stops the server, destroying open (hung) connections. */
  stop(): Promise<void>;
  seedCustomer(opts: SeedOptions): SandboxCustomer;
  customer(id: string): SandboxCustomer;
  /** What clicking Allow on the consent page does: a code for the redirect URI. */
  authorize(consent: Consent): string;
  addUser(customerId: string, user: UserSeed): GoogleUser;
  /** Changes a user (by id, primary email or alias): suspend, archive, rename, aliases … */
  updateUser(customerId: string, key: string, change: (u: GoogleUser) => void): GoogleUser;
  /** A new primary address; the old one stays as an alias, as Google keeps it (sheet §7, not confirmed). */
  renameUser(customerId: string, key: string, newPrimary: string, keepOldAsAlias?: boolean): GoogleUser;
  deleteUser(customerId: string, key: string): void;
  expireAccessTokens(customerId: string): void;
  revokeAll(customerId: string): void;
  tokens(customerId: string): { accessTokens: string[]; refreshTokens: string[] };
  injectFault(fault: Fault): void;
  clearFaults(): void;
  stats(): SandboxStats;
  resetStats(): void;
}

export type { Consent, Fault, GoogleDomain, GoogleUser, RateLimitOptions, SandboxCustomer, SeedOptions, UserSeed };

const USERS = '/admin/directory/v1/users';
const DOMAINS = /^\/admin\/directory\/v1\/customer\/([^/]+)\/domains$/;
const SCOPE = {
  users: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  domains: 'https://www.googleapis.com/auth/admin.directory.domain.readonly',
};

/** Starts a local HTTP server that speaks Google's OAuth and Directory wire format (shared/google-workspace-api.md). */
export async function startGoogleSandbox(opts: StartOptions): Promise<GoogleSandbox> {
  const directory = new Directory();
  const tokens = new Tokens();
  const faults = newFaults();
  const oauth = new OAuthRoutes(directory, tokens, { id: opts.clientId, secret: opts.clientSecret, redirectUris: opts.redirectUris });
  const limiter = opts.rateLimit ? new RateLimiter(opts.rateLimit) : null;
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  const counters: SandboxStats = { inFlight: 0, peakInFlight: 0, rateLimited: 0 };

  function route(req: Req): Reply | 'hang' | 'reset' {
    if (req.method === 'GET' && req.path === '/o/oauth2/v2/auth') return oauth.authorizePage(req);
    if (req.method === 'POST' && req.path === '/o/oauth2/v2/auth/decision') return oauth.decision(req);
    if (req.method === 'POST' && (req.path === '/token' || req.path === '/revoke')) {
      const fault = faults.take(req.path, undefined);
      if (fault) return applyFault(fault);
      return req.path === '/token' ? oauth.token(req) : oauth.revoke(req);
    }
    const domains = DOMAINS.exec(req.path);
    if (req.method === 'GET' && (req.path === USERS || domains)) {
      const grant = tokens.bearer(/^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]);
      const fault = faults.take(req.path, grant?.customerId);
      const pageFault = fault && ['empty-page', 'loop', 'shrink'].includes(fault.kind) ? (fault as PageFault) : null;
      if (fault && !pageFault) return tag(applyFault(fault), grant);
      if (!grant) return invalidCredentials();
      const wait = limiter?.take(grant.userId) ?? null;
      if (limiter && wait !== null) {
        counters.rateLimited++;
        const { status, reason } = limiter.answer;
        return tag(
          googleError(
            status,
            reason,
            status === 429 ? 'Rate Limit Exceeded' : "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user'.",
          ),
          grant,
        );
      }
      const customer = directory.customer(grant.customerId);
      const user = customer.users.find((u) => u.id === grant.userId);
      // A non-admin (or a user since deleted or demoted) may not read the directory at all.
      if (!user || user.suspended || !(user.isAdmin || user.isDelegatedAdmin)) return tag(notAuthorized(), grant);
      if (!grant.scopes.includes(domains ? SCOPE.domains : SCOPE.users)) {
        return tag(
          googleError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', 'PERMISSION_DENIED'),
          grant,
        );
      }
      return tag(domains ? listDomains(decodeURIComponent(domains[1]), customer) : listUsers(req, customer, pageFault), grant);
    }
    return googleError(404, 'notFound', `Not Found: ${req.path}. The stand-in serves only OAuth, users.list and domains.list.`);
  }

  const tag = (reply: Reply | 'hang' | 'reset', grant: GoogleGrant | null) =>
    typeof reply === 'string' ? reply : { ...reply, customerId: grant?.customerId };

  function applyFault(fault: Fault): Reply | 'hang' | 'reset' {
    if (fault.kind === 'hang' || fault.kind === 'reset') return fault.kind;
    if (fault.kind === 'malformed')
      return {
        status: 200,
        raw: '{"kind":"admin#directory#users","users":[{"kind":"admin#directory#user","id":"1',
        headers: { 'content-type': 'application/json; charset=UTF-8' },
      };
    if (fault.kind !== 'status') return googleError(500, 'backendError', `Fault ${fault.kind} applies to users.list only.`);
    const reply =
      fault.status === 401
        ? invalidCredentials()
        : fault.status === 403 && fault.reason === 'forbidden'
          ? notAuthorized()
          : googleError(fault.status, fault.reason, fault.message ?? defaultMessage(fault.status));
    return fault.retryAfter === undefined ? reply : { ...reply, headers: { 'retry-after': String(fault.retryAfter) } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const at = Date.now();
    const r = await intake(req, res, counters);
    const reply = route(r);
    const query = Object.fromEntries([...r.query].filter(([k]) => k !== 'token'));
    if (reply === 'hang') return; // never answered; stop() destroys the socket
    if (reply === 'reset') {
      requests.push({ method: r.method, path: r.path, query, status: 0, at });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"kind":"admin#directory#users","users":[{"kind":');
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    requests.push({ method: r.method, path: r.path, query, customerId: reply.customerId, status: reply.status, at });
    send(res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => send(res, googleError(500, 'backendError', err.message)));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
    seedCustomer: (o) => directory.seed(o),
    customer: (id) => directory.customer(id),
    authorize: (c) => oauth.authorize(c),
    addUser: (id, u) => directory.add(id, u),
    updateUser: (id, key, change) => directory.update(id, key, change),
    renameUser: (id, key, newPrimary, keep = true) =>
      directory.update(id, key, (u) => {
        u.aliases = [...(u.aliases ?? []), ...(keep ? [u.primaryEmail] : [])].filter((a) => a !== newPrimary.toLowerCase());
        u.primaryEmail = newPrimary.toLowerCase();
      }),
    deleteUser: (id, key) => directory.remove(id, key),
    expireAccessTokens: (id) => tokens.expireAccessTokens(id),
    revokeAll: (id) => tokens.revokeAll(id),
    tokens: (id) => tokens.issued.get(id) ?? { accessTokens: [], refreshTokens: [] },
    injectFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    stats: () => ({ ...counters }),
    resetStats: () => {
      counters.peakInFlight = counters.inFlight;
      counters.rateLimited = 0;
    },
  };
}

function defaultMessage(status: number): string {
  if (status === 503) return 'Service unavailable. Please try again';
  if (status === 429) return 'Rate Limit Exceeded';
  return 'Injected fault.';
}
