import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultQueue, type FaultScope } from '../standin-kit/fault-queue';
import { intake, send } from '../standin-kit/http';
import { GraphRoutes, type ListFault } from './graph';
import { aadError, graphError, type Reply, type Req } from './http';
import { type AppRegistration, type Consent, OAuthRoutes } from './oauth';
import { type EntraDomain, type EntraTenant, Tenants, type TenantSeed } from './state';
import { makeTls } from './tls';
import { Tokens } from './tokens';
import type { EntraUser, EntraUserSeed } from './users';

/** A scripted failure; `scope` is the tenant id, `path` exact (`/v1.0/users`, `/{tid}/oauth2/v2.0/token` …). */
export type Fault = FaultScope &
  (
    | /** An error answer: Graph's shape on Graph paths, the identity platform's on token paths. */ {
        kind: 'status';
        status: number;
        code?: string;
        retryAfter?: number;
      }
    | /** Never answered. */ { kind: 'hang' }
    | /** Headers and half a body, then the connection is destroyed. */ { kind: 'cut' }
    | /** /v1.0/users: the last page's nextLink points back to the second page. */ { kind: 'loop' }
  );

export interface StartOptions extends AppRegistration {
  port?: number;
  host?: string;
}

/** A request the stand-in answered. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  tenantId?: string;
  status: number;
  at: number;
}

/** The running stand-in, driven from tests, the demo and the benchmarks. */
export interface EntraSandbox {
  /** `https://host:port`: the authority host and Graph's base URL both. */
  url: string;
  /** The CA that signed the server's certificate (PEM): write it to MICROSOFT_CA_FILE. */
  caPem: string;
  requests: LoggedRequest[];
  stop(): Promise<void>;
  seedTenant(opts: TenantSeed): EntraTenant;
  tenant(id: string): EntraTenant;
  /** What clicking on the consent page does: a code for the redirect URI. */
  authorize(consent: Consent): string;
  addUser(tenantId: string, user: EntraUserSeed & { globalAdmin?: boolean }): EntraUser;
  updateUser(tenantId: string, key: string, change: (u: EntraUser) => void): EntraUser;
  deleteUser(tenantId: string, key: string): void;
  /** An admin removes the app (its service principal) from the tenant: tokens stop, client credentials fail. */
  removeApp(tenantId: string): void;
  /** Every delta token of the tenant expires (410 on its next use). */
  expireDeltaTokens(tenantId: string): void;
  /** App-only tokens issued for a tenant so far. */
  appTokensIssued(tenantId: string): number;
  injectFault(fault: Fault): void;
  clearFaults(): void;
}

export type { Consent, EntraDomain, EntraTenant, EntraUser, EntraUserSeed, TenantSeed };

const TOKEN = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;
const AUTHORIZE = /^\/([^/]+)\/oauth2\/v2\.0\/authorize(\/decision)?$/;
const METADATA = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const ROLE_MEMBERS = /^\/v1\.0\/directoryRoles(?:\/([^/]+)|(\(roleTemplateId='[^']+'\)))\/members$/;

/** Starts a local HTTPS server speaking the identity platform's and Graph's wire format (shared/microsoft-entra-api.md). */
export async function startEntraSandbox(opts: StartOptions): Promise<EntraSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const tls = await makeTls(host);
  const tenants = new Tenants();
  const tokens = new Tokens();
  const faults = new FaultQueue<Fault>();
  let url = '';
  const base = () => url;
  const oauth = new OAuthRoutes(tenants, tokens, opts, base);
  const graph = new GraphRoutes(base);
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  const counters = { inFlight: 0, peakInFlight: 0 };

  function route(req: Req): Reply | Fault {
    const meta = METADATA.exec(req.path);
    if (req.method === 'GET' && meta) return oauth.metadata(meta[1]);
    const auth = AUTHORIZE.exec(req.path);
    if (auth && req.method === 'GET' && !auth[2]) return oauth.authorizePage(req);
    if (auth && req.method === 'POST' && auth[2]) return oauth.decision(req);
    const token = TOKEN.exec(req.path);
    if (token && req.method === 'POST') {
      const tid = token[1];
      return faults.take(req.path, tid) ?? { ...oauth.token(req, tid), tenantId: tid };
    }
    if (req.method !== 'GET' || !req.path.startsWith('/v1.0/'))
      return graphError(404, 'Request_ResourceNotFound', `The stand-in does not serve ${req.method} ${req.path}.`);
    const grant = tokens.bearer(/^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]);
    const fault = faults.take(req.path, grant?.tenantId);
    if (fault && fault.kind !== 'loop') return fault;
    if (!grant) return graphError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not valid yet.');
    const t = tenants.tenant(grant.tenantId);
    // The app was removed from the tenant: its tokens stop working (sheet §2 leaves the timing open).
    if (!t.consented) return graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
    if (!grant.appOnly) return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    const tag = (r: Reply): Reply => ({ ...r, tenantId: t.id });
    if (req.path === '/v1.0/organization') return tag(graph.organization(grant, t));
    if (req.path === '/v1.0/domains') return tag(graph.domains(grant, t));
    if (req.path === '/v1.0/users') return tag(graph.users(req, grant, t, fault as ListFault));
    if (req.path === '/v1.0/users/delta') return tag(graph.delta(req, grant, t));
    if (req.path === '/v1.0/directoryRoles') return tag(graph.directoryRoles(grant, t));
    const members = ROLE_MEMBERS.exec(req.path);
    if (members) return tag(graph.roleMembers(req, grant, t, members[1] ?? members[2]));
    return graphError(400, 'BadRequest', `Resource not found for the segment '${req.path.split('/').pop() ?? ''}'.`);
  }

  function faultReply(f: Fault & { kind: 'status' }, path: string): Reply {
    const headers = f.retryAfter === undefined ? undefined : { 'retry-after': String(f.retryAfter) };
    if (TOKEN.test(path)) {
      const r = aadError(
        f.status,
        f.code ?? (f.status >= 500 ? 'temporarily_unavailable' : 'invalid_request'),
        90000 + f.status,
        'Injected fault.',
      );
      return { ...r, headers };
    }
    const code =
      f.code ??
      (f.status === 429
        ? 'TooManyRequests'
        : f.status === 503
          ? 'serviceNotAvailable'
          : f.status === 504
            ? 'UnknownError'
            : 'generalException');
    return graphError(f.status, code, 'Injected fault.', headers);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const at = Date.now();
    const r = await intake(req, res, counters);
    const reply = route(r);
    const query = Object.fromEntries(r.query);
    if ('kind' in reply) {
      if (reply.kind === 'hang') return; // never answered; stop() destroys the socket
      if (reply.kind === 'cut') {
        requests.push({ method: r.method, path: r.path, query, status: 0, at });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4000' });
        res.write('{"@odata.context":"x","value":[{"id":"');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      const fr = faultReply(reply as Fault & { kind: 'status' }, r.path);
      requests.push({ method: r.method, path: r.path, query, status: fr.status, at });
      return send(res, fr, 'application/json; charset=utf-8');
    }
    requests.push({ method: r.method, path: r.path, query, tenantId: reply.tenantId, status: reply.status, at });
    send(res, reply, 'application/json; charset=utf-8');
  }

  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    handle(req, res).catch((err: Error) => send(res, graphError(500, 'generalException', err.message)));
  });
  server.on('secureConnection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  url = `https://${host}:${(server.address() as AddressInfo).port}`;

  return {
    url,
    caPem: tls.caPem,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
    seedTenant: (o) => tenants.seed(o),
    tenant: (id) => tenants.tenant(id),
    authorize: (c) => oauth.authorize(c),
    addUser: (id, u) => tenants.add(id, u),
    updateUser: (id, key, change) => tenants.update(id, key, change),
    deleteUser: (id, key) => tenants.remove(id, key),
    removeApp: (id) => {
      tenants.tenant(id).consented = false;
      tokens.expire(id);
    },
    expireDeltaTokens: (id) => tenants.expireDeltaTokens(id),
    appTokensIssued: (id) => tokens.appOnlyIssued.get(id) ?? 0,
    injectFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
  };
}
