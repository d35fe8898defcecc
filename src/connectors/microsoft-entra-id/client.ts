import {
  AuthenticationHandler,
  Client,
  type Context,
  GraphError,
  type Middleware,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client';
import { GraphApiError } from './entra-errors';
import type { EntraIdentity } from './identity';
import type { EntraSettings } from './settings';
import { type HttpsTransport, NoAnswer } from './transport';

/** The run a source serves: its abort signal (shutdown, the run's hard deadline) and its deadline (epoch ms). */
export interface RunBounds {
  signal?: AbortSignal;
  deadline: number;
}

/** One customer tenant's Graph for one run: app-only tokens, RetryHandler bounded by the run, our transport. */
export interface EntraGraph {
  /** GETs a path (`/users?…`) or an absolute nextLink/deltaLink; errors come back as GraphApiError. */
  get(pathOrUrl: string, headers?: Record<string, string>): Promise<unknown>;
}

/** graph-client's last middleware: the request goes through our HTTPS transport instead of the global fetch. */
class TransportHandler implements Middleware {
  constructor(
    private readonly transport: HttpsTransport,
    private readonly tenantId: string,
    private readonly bounds: RunBounds,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const headers: Record<string, string> = {};
    new Headers(context.options?.headers as HeadersInit | undefined).forEach((v, k) => (headers[k] = v));
    const res = await this.transport.send(url, { method: context.options?.method ?? 'GET', headers }, this.bounds.signal, this.tenantId);
    context.response = new Response([101, 204, 205, 304].includes(res.status) ? null : res.body, {
      status: res.status,
      headers: res.headers,
    });
  }
}

/** Seconds graph-client's RetryHandler will wait: Retry-After (seconds or a date), else its own backoff. */
export function retryWait(retryAfter: string | null, attempt: number, delay: number): number {
  if (retryAfter !== null) {
    const n = Number(retryAfter);
    return Number.isNaN(n) ? Math.max(0, (Date.parse(retryAfter) - Date.now()) / 1000) : n;
  }
  return attempt >= 2 ? 0.5 * (2 ** attempt - 1) + delay + 1 : delay + 1;
}

/**
 * graph-client v3 (`Client.initWithMiddleware`): AuthenticationHandler (an app-only token for the tenant; the
 * bearer goes only to Graph's host, named in `customHosts`), RetryHandler (429/503/504, Retry-After) whose
 * every wait must end before the run's deadline and not after its signal (its sleep cannot be interrupted,
 * so a wait that would pass the deadline is not started), then our transport. A 401 gets one fresh token.
 */
export function graphFor(
  settings: EntraSettings,
  identity: EntraIdentity,
  transport: HttpsTransport,
  tenantId: string,
  bounds: RunBounds,
): EntraGraph {
  let fresh = false;
  // graph-client turns what getAccessToken throws into a GraphError with only its message: keep the original.
  let tokenError: unknown = null;
  const auth = new AuthenticationHandler({
    getAccessToken: () =>
      identity.appToken(tenantId, bounds.signal, fresh).catch((err: unknown) => {
        tokenError = err;
        throw err;
      }),
  });
  const shouldRetry = (delay: number, attempt: number, _req: unknown, _opts: unknown, res: Response) =>
    !bounds.signal?.aborted && Date.now() + retryWait(res.headers.get('retry-after'), attempt + 1, delay) * 1000 < bounds.deadline;
  const retry = new RetryHandler(new RetryHandlerOptions(3, settings.maxRetries, shouldRetry));
  const client = Client.initWithMiddleware({
    middleware: [auth, retry, new TransportHandler(transport, tenantId, bounds)],
    baseUrl: `${settings.graphBaseUrl}/`,
    defaultVersion: 'v1.0',
    customHosts: new Set([new URL(settings.graphBaseUrl).hostname]),
  });
  const get = async (pathOrUrl: string, headers: Record<string, string> = {}, renewed = false): Promise<unknown> => {
    try {
      const answer: unknown = await client.api(pathOrUrl).headers(headers).get();
      fresh = false;
      return answer;
    } catch (err) {
      const e = tokenError ?? toApiError(err, bounds);
      tokenError = null;
      // A cached token the tenant no longer accepts: one fresh token, then the 401 stands (sheet §7: skipCache).
      if (e instanceof GraphApiError && e.status === 401 && !renewed) {
        fresh = true;
        return get(pathOrUrl, headers, true);
      }
      throw e;
    }
  };
  return { get: (p, h) => get(p, h) };
}

/** graph-client's errors as GraphApiError (status, Graph's code, Retry-After); a token error passes through. */
export function toApiError(err: unknown, bounds: RunBounds): unknown {
  if (err instanceof GraphError) {
    if (err.statusCode > 0) return new GraphApiError(err.statusCode, err.code ?? 'unknown', err.headers?.get('retry-after') ?? null);
    const reason = /\((aborted|timeout|network)\)/.exec(err.message)?.[1];
    if (reason) return new GraphApiError(0, bounds.signal?.aborted ? 'aborted' : reason);
    return new GraphApiError(0, 'network');
  }
  if (err instanceof NoAnswer) return new GraphApiError(0, err.reason);
  return err;
}
