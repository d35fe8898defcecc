import {
  type FetchFunction,
  LogLevel,
  type WebAPICallResult,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
  type WebClientOptions,
} from '@slack/web-api';
import { SlackApiError, SlackGaveUpError, TRANSIENT_ERRORS } from './slack-errors';
import type { SlackSettings } from './settings';

/** The bounded metric label of a request to Slack. */
export type Endpoint = 'oauth.v2.access' | 'auth.revoke' | 'auth.test' | 'team.info' | 'users.list' | 'other';

const ENDPOINTS = new Set<string>(['oauth.v2.access', 'auth.revoke', 'auth.test', 'team.info', 'users.list']);

/** Where every attempt is reported (status 0 when no answer came). */
export type Observe = (endpoint: Endpoint, status: number, retryAfter: string | null) => void;

/** The run a client serves: its abort signal (shutdown, the run's hard deadline) and its deadline (epoch ms). */
export interface RunBounds {
  signal?: AbortSignal;
  deadline: number;
}

/** An answer of Slack's Web API, `ok: true`. */
export type SlackResult = WebAPICallResult & Record<string, unknown>;

/** One token's Web API for one run. */
export interface Slack {
  /** Calls a method: 429s are waited out (Retry-After) and transient failures retried, within the run; errors come back as SlackApiError. */
  call(method: string, args?: Record<string, unknown>): Promise<SlackResult>;
}

const silent: NonNullable<WebClientOptions['logger']> = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** The fetch WebClient uses: each attempt also carries the run's signal (read when it starts), and is observed with a bounded label. */
function observedFetch(observe: Observe, bounds: RunBounds): FetchFunction {
  return async (input, init) => {
    const signal = bounds.signal;
    const method = new URL(input).pathname.split('/').pop() ?? '';
    const endpoint = (ENDPOINTS.has(method) ? method : 'other') as Endpoint;
    const both = signal && init?.signal ? AbortSignal.any([signal, init.signal]) : (signal ?? init?.signal);
    try {
      const res = await fetch(input, { ...init, signal: both });
      observe(endpoint, res.status, res.headers.get('retry-after'));
      return res;
    } catch (err) {
      observe(endpoint, 0, null);
      throw err;
    }
  };
}

/**
 * @slack/web-api's WebClient (slackApiUrl = SLACK_API_BASE_URL) for one token, bounded by the run (sheet §7):
 * its own retries are off and 429s are rejected at once, because both would wait with timers the run's signal
 * cannot stop (p-retry's backoff, the client's Retry-After pause). `call` waits instead, only while the wait ends
 * before the deadline, and every wait and request stops when the signal fires. A timeout bounds each attempt
 * (the client's default is none).
 */
export function slackFor(settings: SlackSettings, token: string | undefined, observe: Observe, bounds: RunBounds): Slack {
  const client = new WebClient(token, {
    slackApiUrl: settings.apiBaseUrl,
    timeout: settings.timeoutMs,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: silent,
    fetch: observedFetch(observe, bounds),
  });
  return {
    async call(method, args = {}) {
      let retries = 0;
      let waits = 0;
      for (;;) {
        if (bounds.signal?.aborted) throw new SlackApiError(0, 'aborted');
        let err: SlackApiError;
        try {
          return (await client.apiCall(method, args)) as SlackResult;
        } catch (raw) {
          err = toApiError(raw, bounds.signal);
        }
        let pause: number;
        if (err.status === 429 && err.retryAfter !== null) {
          if (++waits > settings.rateLimitWaits)
            throw new SlackGaveUpError(
              `Slack kept rate-limiting ${method} (429) after ${settings.rateLimitWaits} waits; nothing was removed.`,
              err,
            );
          pause = err.retryAfter * 1000;
        } else if (isTransient(err)) {
          if (++retries > settings.retries) throw err;
          pause = settings.retryBaseMs * 2 ** (retries - 1);
        } else throw err;
        if (Date.now() + pause > bounds.deadline)
          throw new SlackGaveUpError(
            `Slack answered ${method} with ${err.status === 429 ? `429 (Retry-After ${err.retryAfter} s)` : err.code}, and waiting would pass the run's time budget (SYNC_RUN_BUDGET_SECONDS); nothing was removed.`,
            err,
          );
        await sleep(pause, bounds.signal);
      }
    },
  };
}

const isTransient = (e: SlackApiError) =>
  (e.status === 0 && e.code !== 'aborted') || e.status >= 500 || (e.status === 200 && TRANSIENT_ERRORS.has(e.code));

/** A wait that ends early, as an `aborted` error, when the run's signal fires. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new SlackApiError(0, 'aborted'));
    const done = () => {
      clearTimeout(timer);
      reject(new SlackApiError(0, 'aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', done);
      resolve();
    }, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Slack's errors are lower-case words; anything else in `error` is a body that was not JSON (sheet §7). */
const SLACK_CODE = /^[a-z][a-z0-9_.]{0,63}$/;

/** @slack/web-api's errors (and the raw ones it lets through) as SlackApiError: never the request, URL or body. */
export function toApiError(err: unknown, signal?: AbortSignal): SlackApiError {
  if (err instanceof SlackApiError) return err;
  if (signal?.aborted) return new SlackApiError(0, 'aborted');
  if (err instanceof WebAPIPlatformError) {
    const code = typeof err.data.error === 'string' && SLACK_CODE.test(err.data.error) ? err.data.error : 'malformed';
    const { needed } = err.data as { needed?: unknown };
    return new SlackApiError(200, code, typeof needed === 'string' ? needed.replace(/[^\w:.,]/g, '') : null);
  }
  if (err instanceof WebAPIRateLimitedError) return new SlackApiError(429, 'ratelimited', null, err.retryAfter);
  if (err instanceof WebAPIHTTPError) return new SlackApiError(err.statusCode, 'http_error');
  // The client re-wraps a DOMException from another realm as `Error("TimeoutError: …")`: read the name either way.
  if (err instanceof WebAPIRequestError)
    return new SlackApiError(
      0,
      /^TimeoutError\b/.test(`${err.original.name}: ${err.original.message}`.replace(/^Error: /, '')) ? 'timeout' : 'network',
    );
  // A 429 without Retry-After comes as a plain Error; a reset mid-body as a raw `TypeError: terminated` (sheet §7).
  if (err instanceof Error && err.message.startsWith('Retry header did not contain')) return new SlackApiError(429, 'ratelimited');
  return new SlackApiError(0, 'network');
}
