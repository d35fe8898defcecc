import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import { GitHubApiError } from './github-errors';
import { sleep } from './paging';
import type { GitHubSettings } from './settings';

/** The run a client serves: its abort signal (shutdown, the run's hard deadline) and its deadline (epoch ms). */
export interface RunBounds {
  signal?: AbortSignal;
  deadline: number;
}

/** Called for every answer GitHub gives (status 0 when none came): metrics and progress. */
export type Observe = (endpoint: string, status: number, retryAfter: string | null) => void;

/** @octokit/rest with the throttling (primary and secondary limits) and retry (5xx, network) plugins. */
const GitHub = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof GitHub>;

/**
 * plugin-throttling sends every GraphQL POST through its "write" queue, ≥ 1 s apart (sheet §7), as if queries were
 * mutations; ours are reads, so they only go one at a time per installation.
 */
const graphqlQueue = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** `/orgs/{org}/members?page=2` → `/orgs/:org/members`: a metrics label without ids or query. */
export function endpointOf(url: string): string {
  const path = new URL(url, 'http://x').pathname;
  return path.replace(/\/(orgs|organizations|installations|applications|users?)\/[^/]+/g, '/$1/:id');
}

/** A fetch whose every attempt ends at GITHUB_TIMEOUT_MS or the run's signal, and reports its status. */
function boundedFetch(s: GitHubSettings, bounds: RunBounds, observe: Observe): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const signals = [AbortSignal.timeout(s.timeoutMs), ...(bounds.signal ? [bounds.signal] : []), ...(init?.signal ? [init.signal] : [])];
    try {
      const res = await fetch(input, { ...init, signal: AbortSignal.any(signals) });
      observe(endpointOf(url), res.status, res.headers.get('retry-after'));
      return res;
    } catch (err) {
      observe(endpointOf(url), 0, null);
      throw err;
    }
  };
}

/** Rejects with `aborted` as soon as the signal fires; the plugins' own waits (not abortable) are left behind. */
function raced<T>(pending: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return pending;
  if (signal.aborted) return Promise.reject(new GitHubApiError(0, 'aborted'));
  pending.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new GitHubApiError(0, 'aborted'));
    signal.addEventListener('abort', stop, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/** What one client is: the app (JWT), an installation (installation tokens), or a user token (the install proof). */
export type ClientAuth = { installationId: number } | { app: true } | { userToken: string };

/**
 * An Octokit bounded by the run: each attempt has a timeout and the run's signal; a rate-limit wait (retry-after,
 * x-ratelimit-reset) is only started when it ends before the deadline (at most 3 per request); retries of 5xx and
 * network failures follow plugin-retry (3, after 1, 4, 9 s); when the signal fires, the call rejects at once.
 */
export function clientFor(s: GitHubSettings, who: ClientAuth, bounds: RunBounds, observe: Observe): GitHubClient {
  // The plugin's own wait cannot be cancelled, so it is set to nothing (retryAfterBaseValue 0) and the handler waits
  // instead, on a timer the run's signal ends; a wait that would end past the deadline is not started.
  const wait = async (after: number, _options: unknown, _octokit: unknown, retryCount: number): Promise<boolean> => {
    const ms = after * s.waitUnitMs;
    if (retryCount >= 3 || bounds.signal?.aborted || Date.now() + ms >= bounds.deadline) return false;
    return sleep(ms, bounds.signal).then(
      () => true,
      () => false,
    );
  };
  const appAuth = { appId: s.appId, privateKey: s.privateKey, clientId: s.clientId, clientSecret: s.clientSecret };
  const auth =
    'userToken' in who
      ? { auth: who.userToken }
      : { authStrategy: createAppAuth, auth: 'installationId' in who ? { ...appAuth, installationId: who.installationId } : appAuth };
  const octokit = new GitHub({
    ...auth,
    baseUrl: s.apiBaseUrl,
    userAgent: 'layer-identity-graph',
    log: quiet,
    request: { fetch: boundedFetch(s, bounds, observe) },
    throttle: {
      id: 'installationId' in who ? `installation-${who.installationId}` : 'app',
      write: graphqlQueue,
      retryAfterBaseValue: 0,
      onRateLimit: wait,
      onSecondaryRateLimit: wait,
    },
    retry: { retries: s.maxRetries, retryAfterBaseValue: s.waitUnitMs },
  });
  octokit.hook.wrap('request', (request, options) => raced(Promise.resolve(request(options)), bounds.signal));
  return octokit;
}

const header = (headers: unknown, name: string): string | null => {
  const v = (headers as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
};

/**
 * Octokit's errors as GitHubApiError (status, GitHub's message, retry-after); a rate limit that was not waited for
 * is `rate-limited`. Anything else passes through. RequestError holds the request (and its token): it stops here.
 */
export function toApiError(err: unknown, bounds: RunBounds): unknown {
  if (err instanceof GitHubApiError || !(err instanceof Error)) return err;
  const e = err as Error & { status?: unknown; response?: { headers?: unknown; data?: unknown }; cause?: unknown };
  if (e.name === 'GraphqlResponseError') {
    const errors = (e as unknown as { errors?: { type?: string; message?: string }[] }).errors ?? [];
    const type = errors.find((x) => x.type)?.type ?? 'GRAPHQL_ERROR';
    return new GitHubApiError(200, type, null);
  }
  // plugin-throttling's own error for a GraphQL RATE_LIMITED it did not wait for.
  const data = e.response?.data as { errors?: { type?: string }[] } | undefined;
  if (data?.errors?.some((x) => x.type === 'RATE_LIMITED')) return new GitHubApiError(200, 'rate-limited');
  if (typeof e.status !== 'number') return err;
  if (bounds.signal?.aborted) return new GitHubApiError(0, 'aborted');
  if (!e.response) {
    // fetch failed (RequestError 500 without a response): the cause says whether it timed out.
    // Duck-typed: the DOMException may come from another realm (jest), where instanceof Error fails.
    const cause = (e.cause as { name?: unknown } | undefined)?.name ?? e.name;
    return new GitHubApiError(0, cause === 'TimeoutError' ? 'timeout' : 'network');
  }
  const headers = e.response.headers;
  const message =
    typeof (e.response.data as { message?: unknown })?.message === 'string' ? (e.response.data as { message: string }).message : '';
  const limited = header(headers, 'x-ratelimit-remaining') === '0' || /secondary rate/i.test(message);
  return new GitHubApiError(e.status, limited ? 'rate-limited' : message.slice(0, 120) || 'error', header(headers, 'retry-after'));
}
