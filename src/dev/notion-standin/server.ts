import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type Fault, newFaults } from './faults';
import { intake } from '../standin-kit/http';
import { json, notionError, type Reply, type Req, send } from './http';
import { OAuthRoutes } from './oauth';
import { RateLimiter, type RateLimitOptions } from './rate-limit';
import { type Capability, type SandboxMember, type SandboxWorkspace, SandboxState, type SeedOptions } from './state';
import { listUsers, me } from './users';

export interface StartOptions {
  port?: number;
  host?: string;
  clientId: string;
  clientSecret: string;
  /** Off by default. When set, `/v1/users*` answer 429 `rate_limited` with `Retry-After` past this per-workspace budget. */
  rateLimit?: RateLimitOptions;
}

/** Read-only counters for benchmarks: requests in flight now, the most seen at once, and 429s sent by the rate limit. */
export interface SandboxStats {
  inFlight: number;
  peakInFlight: number;
  rateLimited: number;
}

/** A request the stand-in answered, for asserting which endpoints the app called. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  workspaceId?: string;
  status: number;
  /** When the request arrived (epoch ms). */
  at: number;
}

/** The running stand-in, driven from tests and the demo. */
export interface NotionSandbox {
  url: string;
  requests: LoggedRequest[];
  close(): Promise<void>;
  seedWorkspace(opts: SeedOptions): SandboxWorkspace;
  workspace(id: string): SandboxWorkspace;
  authorize(opts: { workspaceId: string; capability?: Capability; redirectUri: string }): string;
  removeIntegration(workspaceId: string): void;
  expireAccessTokens(workspaceId: string): void;
  setCapability(workspaceId: string, capability: Capability): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  tokens(workspaceId: string): { accessTokens: string[]; refreshTokens: string[] };
  stats(): SandboxStats;
  /** Starts counting peakInFlight and rateLimited afresh. */
  resetStats(): void;
}

export type { Capability, Fault, RateLimitOptions, SandboxMember, SandboxWorkspace };

/** Starts a local HTTP server that speaks Notion's OAuth and users wire format (shared/notion-api.md). */
export async function startNotionSandbox(opts: StartOptions): Promise<NotionSandbox> {
  const state = new SandboxState();
  const faults = newFaults();
  const oauth = new OAuthRoutes(state, opts.clientId, opts.clientSecret);
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  const limiter = opts.rateLimit ? new RateLimiter(opts.rateLimit) : null;
  const counters: SandboxStats = { inFlight: 0, peakInFlight: 0, rateLimited: 0 };

  async function route(req: Req): Promise<Reply | 'hang' | 'reset'> {
    const bodyJson = () => {
      try {
        return req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
      } catch {
        return null;
      }
    };
    if (req.method === 'GET' && req.path === '/v1/oauth/authorize') return oauth.authorizePage(req);
    if (req.method === 'POST' && req.path === '/v1/oauth/authorize/decision') return oauth.decision(req);
    if (req.method === 'POST' && req.path.startsWith('/v1/oauth/')) {
      const body = bodyJson();
      if (!body) return notionError(400, 'invalid_json', 'Error parsing JSON body.');
      const fault = faults.take(req.path, undefined);
      if (fault) return applyFault(fault);
      if (req.path === '/v1/oauth/token') return oauth.token(req, body);
      if (req.path === '/v1/oauth/revoke') return oauth.revoke(req, body);
      if (req.path === '/v1/oauth/introspect') return oauth.introspect(req, body);
    }
    if (req.method === 'GET' && (req.path === '/v1/users' || req.path === '/v1/users/me')) {
      if (!req.headers['notion-version']) return notionError(400, 'missing_version', 'Notion-Version header failed validation.');
      const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const ws = state.bearer(token);
      let fault = faults.take(req.path, ws?.id);
      if (fault?.kind === 'hold') {
        fault.onHeld?.();
        await fault.until.catch(() => undefined);
        fault = null;
      }
      const pageFault = fault && (fault.kind === 'empty-page' || fault.kind === 'loop' || fault.kind === 'duplicate') ? fault.kind : null;
      if (fault && !pageFault) {
        const reply = applyFault(fault);
        return typeof reply === 'string' ? reply : { ...reply, workspaceId: ws?.id };
      }
      if (!ws) return notionError(401, 'unauthorized', 'API token is invalid.');
      const wait = limiter?.take(ws.id) ?? null;
      if (wait !== null) {
        counters.rateLimited++;
        const reply = notionError(429, 'rate_limited', 'You have been rate limited. Please try again in a few minutes.');
        return { ...reply, headers: { 'retry-after': String(wait) }, workspaceId: ws.id };
      }
      return { ...(req.path === '/v1/users' ? listUsers(req, ws, pageFault) : me(ws)), workspaceId: ws.id };
    }
    return notionError(404, 'object_not_found', `Could not find ${req.path}. The stand-in serves only OAuth and users.`);

    function applyFault(fault: Fault): Reply | 'hang' | 'reset' {
      if (fault.kind === 'hang' || fault.kind === 'reset') return fault.kind;
      if (fault.kind === 'malformed')
        return { status: 200, raw: '{"object":"list","results":[', headers: { 'content-type': 'application/json' } };
      if (fault.kind !== 'status') return notionError(500, 'internal_server_error', `Fault ${fault.kind} applies to /v1/users only.`);
      const extra = fault.rateLimitReason ? { additional_data: { rate_limit_reason: fault.rateLimitReason } } : {};
      const reply = notionError(fault.status, fault.code ?? 'internal_server_error', fault.message ?? 'Injected fault.', extra);
      return fault.retryAfter === undefined ? reply : { ...reply, headers: { 'retry-after': String(fault.retryAfter) } };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const at = Date.now();
    const r = await intake(req, res, counters);
    const reply = await route(r);
    if (reply === 'hang') return; // never answered; close() destroys the socket
    if (reply === 'reset') {
      requests.push({ method: r.method, path: r.path, query: Object.fromEntries(r.query), workspaceId: undefined, status: 0, at });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"object":"list","results":[{"object":"user",');
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    requests.push({
      method: r.method,
      path: r.path,
      query: Object.fromEntries(r.query),
      workspaceId: reply.workspaceId,
      status: reply.status,
      at,
    });
    send(res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) =>
      send(res, json(500, { object: 'error', status: 500, code: 'internal_server_error', message: err.message })),
    );
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
    seedWorkspace: (o) => state.seed(o),
    workspace: (id) => state.workspace(id),
    authorize: ({ workspaceId, capability = 'email', redirectUri }) => state.authorize(workspaceId, capability, redirectUri),
    removeIntegration: (id) => state.removeIntegration(id),
    expireAccessTokens: (id) => state.expireAccessTokens(id),
    setCapability: (id, capability) => {
      state.workspace(id).capability = capability;
    },
    injectFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    tokens: (id) => state.issued.get(id) ?? { accessTokens: [], refreshTokens: [] },
    stats: () => ({ ...counters }),
    resetStats: () => {
      counters.peakInFlight = counters.inFlight;
      counters.rateLimited = 0;
    },
  };
}
