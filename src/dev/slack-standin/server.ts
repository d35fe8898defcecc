import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultQueue, type FaultScope } from '../standin-kit/fault-queue';
import { intake } from '../standin-kit/http';
import { cutOff, serve } from '../standin-kit/serve';
import { TokenBuckets } from '../standin-kit/token-buckets';
import { type PageFault, teamInfo, usersList } from './api';
import { json, type Reply, type Req, send, slackError } from './http';
import type { MemberSeed, SlackMemberJson } from './members';
import { type Install, OAuthRoutes, type SlackAppConfig } from './oauth';
import { type SlackWorkspace, Workspaces, type WorkspaceSeed } from './state';
import { Tokens } from './tokens';

/** A scripted failure; `scope` is the team id, `path` exact (`/api/users.list` …). */
export type Fault = FaultScope &
  (
    | /** An HTTP status: 429 (with Retry-After when given, as Slack sends it), 5xx. */ {
        kind: 'status';
        status: number;
        retryAfter?: number;
      }
    | /** A method error: HTTP 200 `{ok:false, error[, needed]}`. */ { kind: 'error'; error: string; needed?: string }
    | /** Never answered. */ { kind: 'hang' }
    | /** A 200 whose JSON stops halfway (complete at the HTTP level). */ { kind: 'malformed' }
    | /** Headers and part of the body, then the connection is destroyed. */ { kind: 'reset' }
    | PageFault
  );

export interface StartOptions extends SlackAppConfig {
  port?: number;
  host?: string;
  /** Off by default. When set, each method answers 429 + Retry-After past this budget per workspace (Tier 2: 20/min). */
  rateLimit?: { perMinute: number; burst?: number };
}

/** A request the stand-in answered (never a token). */
export interface LoggedRequest {
  method: string;
  path: string;
  /** The form and query arguments, token and secrets left out. */
  args: Record<string, string>;
  teamId?: string;
  status: number;
  /** Slack's `error` of an `{ok:false}` answer. */
  error?: string;
  at: number;
}

/** The running stand-in, driven from tests, the demo and the benchmarks. */
export interface SlackSandbox {
  /** `http://host:port`; the Web API is at `${url}/api/`, the install page at `${url}/oauth/v2/authorize`. */
  url: string;
  apiUrl: string;
  requests: LoggedRequest[];
  stop(): Promise<void>;
  seedWorkspace(opts: WorkspaceSeed): SlackWorkspace;
  workspace(teamId: string): SlackWorkspace;
  /** What clicking Allow does: a code for the redirect URI. */
  authorize(install: Install): string;
  addMember(teamId: string, seed: MemberSeed): SlackMemberJson;
  updateMember(teamId: string, key: string, change: (m: SlackMemberJson) => void): SlackMemberJson;
  deactivateMember(teamId: string, key: string): SlackMemberJson;
  /** Every rotating token of the workspace expires (`token_expired` on its next use). */
  expireTokens(teamId: string): void;
  /** An admin removes the app: its tokens answer `account_inactive`. */
  uninstall(teamId: string): void;
  installed(teamId: string): boolean;
  tokens(teamId: string): { access: string[]; refresh: string[] };
  injectFault(fault: Fault): void;
  clearFaults(): void;
  stats(): { inFlight: number; peakInFlight: number; rateLimited: number };
}

export type { Install, MemberSeed, SlackAppConfig, SlackMemberJson, SlackWorkspace, WorkspaceSeed };

/** The scope each read method needs (sheet §2, §3). */
const NEEDS: Record<string, string> = { 'team.info': 'team:read', 'users.list': 'users:read' };
const PAGE_FAULTS = new Set(['empty-page', 'loop', 'shrink']);
const SECRET_ARGS = new Set(['token', 'client_secret', 'code', 'refresh_token']);

/** Starts a local HTTP server speaking Slack's OAuth v2 and Web API wire format (shared/slack-api.md). */
export async function startSlackSandbox(opts: StartOptions): Promise<SlackSandbox> {
  const workspaces = new Workspaces();
  const tokens = new Tokens();
  const faults = new FaultQueue<Fault>();
  const oauth = new OAuthRoutes(workspaces, tokens, opts);
  const limiter = opts.rateLimit
    ? new TokenBuckets({ requestsPerSecond: opts.rateLimit.perMinute / 60, burst: opts.rateLimit.burst })
    : null;
  const requests: LoggedRequest[] = [];
  const counters = { inFlight: 0, peakInFlight: 0, rateLimited: 0 };

  function route(req: Req, form: URLSearchParams): Reply | Fault {
    if (req.path === '/oauth/v2/authorize' && req.method === 'GET') return oauth.authorizePage(req);
    if (req.path === '/oauth/v2/authorize/decision' && req.method === 'POST') return oauth.decision(req);
    if (!req.path.startsWith('/api/')) return { status: 404, raw: '<!doctype html><h1>Not found</h1>' };
    const method = req.path.slice('/api/'.length);
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? form.get('token') ?? undefined;
    const grant = tokens.check(token);
    const teamId = typeof grant === 'string' ? undefined : grant.teamId;
    const fault = faults.take(req.path, teamId);
    // `scope` names the workspace for the request log, also for a fault armed for any.
    if (fault && !PAGE_FAULTS.has(fault.kind)) return { ...fault, scope: teamId };
    if (method === 'oauth.v2.access') return oauth.access(req, form);
    if (typeof grant === 'string') return slackError(grant);
    const headers = { 'x-oauth-scopes': grant.scopes.join(','), 'x-accepted-oauth-scopes': NEEDS[method] ?? '' };
    const wait = limiter?.take(`${grant.teamId}:${method}`) ?? null;
    if (wait !== null) {
      counters.rateLimited++;
      return { ...json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(wait) }), teamId };
    }
    const needed = NEEDS[method];
    if (needed && !grant.scopes.includes(needed))
      return { ...slackError('missing_scope', { needed, provided: grant.scopes.join(',') }, headers), teamId };
    const ws = workspaces.get(grant.teamId);
    const reply =
      method === 'auth.test'
        ? oauth.test(ws)
        : method === 'auth.revoke'
          ? oauth.revoke(token!, form)
          : method === 'team.info'
            ? teamInfo(ws)
            : method === 'users.list'
              ? usersList(form, ws, grant.scopes.includes('users:read.email'), fault as PageFault | null)
              : slackError('unknown_method');
    return { ...reply, headers: { ...headers, ...reply.headers }, teamId };
  }

  function faultReply(f: Fault & { kind: 'status' | 'error' }): Reply {
    if (f.kind === 'error') return slackError(f.error, f.needed ? { needed: f.needed, provided: 'users:read' } : {});
    if (f.status === 429)
      return json(429, { ok: false, error: 'ratelimited' }, f.retryAfter === undefined ? {} : { 'retry-after': String(f.retryAfter) });
    return { status: f.status, raw: `<!doctype html><h1>${f.status}: Slack is having trouble (injected fault)</h1>` };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const at = Date.now();
    const r = await intake(req, res, counters);
    const form = new URLSearchParams([...r.query, ...new URLSearchParams(r.body)]);
    const reply = route(r, form);
    const args = Object.fromEntries([...form].filter(([k]) => !SECRET_ARGS.has(k)));
    const log = (status: number, teamId?: string, error?: string) =>
      requests.push({ method: r.method, path: r.path, args, teamId, status, at, ...(error ? { error } : {}) });
    if ('kind' in reply) {
      if (reply.kind === 'hang') return; // never answered; stop() destroys the socket
      if (reply.kind === 'reset') {
        log(0, reply.scope);
        return cutOff(res, '{"ok":true,"members":[{"id":"U', 'application/json; charset=utf-8');
      }
      if (reply.kind === 'malformed') {
        log(200);
        return send(res, {
          status: 200,
          raw: '{"ok":true,"members":[{"id":"U',
          headers: { 'content-type': 'application/json; charset=utf-8' },
        });
      }
      const fr = faultReply(reply as Fault & { kind: 'status' | 'error' });
      log(fr.status, reply.scope, (fr.body as { error?: string } | undefined)?.error);
      return send(res, fr);
    }
    log(reply.status, reply.teamId, (reply.body as { ok?: boolean; error?: string } | undefined)?.error);
    send(res, reply);
  }

  const served = await serve(handle, (res, err) => send(res, slackError('fatal_error', { detail: err.message })), opts);
  return {
    url: served.url,
    apiUrl: `${served.url}/api/`,
    requests,
    stop: served.stop,
    seedWorkspace: (o) => workspaces.seed(o),
    workspace: (id) => workspaces.get(id),
    authorize: (i) => oauth.authorize(i),
    addMember: (id, m) => workspaces.add(id, m),
    updateMember: (id, key, change) => workspaces.update(id, key, change),
    deactivateMember: (id, key) => workspaces.deactivate(id, key),
    expireTokens: (id) => tokens.expire(id),
    uninstall: (id) => tokens.uninstall(id),
    installed: (id) => tokens.installed(id),
    tokens: (id) => tokens.issued.get(id) ?? { access: [], refresh: [] },
    injectFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    stats: () => ({ ...counters }),
  };
}
