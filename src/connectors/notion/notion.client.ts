import { Client, LogLevel } from '@notionhq/client';
import type { Logger } from '../../lib/logger';
import type { Pacer } from '../../lib/pacer';

/** Where Notion is and who we are to it; production points at api.notion.com, tests at the stand-in. */
export interface NotionSettings {
  baseUrl: string;
  authorizeUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  timeoutMs: number;
  /** Called for every HTTP response from Notion (status 0 when none came) with its endpoint: metrics and progress. */
  observe?: (endpoint: string, status: number, retryAfter: string | null) => void;
  /** Paces requests per workspace; the OAuth endpoints are not paced. */
  pacer?: Pacer;
}

/** Notion endpoints by path shape, so metric label values stay a fixed set. */
export function notionEndpoint(url: string): string {
  const path = new URL(url).pathname;
  if (path === '/v1/users/me') return 'users.me';
  if (path === '/v1/users') return 'users.list';
  if (path.startsWith('/v1/oauth/')) return `oauth.${path.slice('/v1/oauth/'.length)}`.slice(0, 32);
  return 'other';
}

/** The pinned API version; `/v1/users` is identical across the versions in use. */
export const NOTION_VERSION = '2022-06-28';

/** Notion refused the integration outright (429 `public_api_request_blocked`): retrying cannot help. */
export class NotionBlockedError extends Error {}

/** Gateway errors and broken connections on a GET: the SDK does not retry these, so this layer does. */
const GATEWAY_RETRIES = 2;
const gatewayDelay = (attempt: number) => 500 * 2 ** attempt * (0.5 + Math.random()); // backoff with jitter

/**
 * The fetch the SDK uses: waits for the workspace's turn (every retry too), buffers the body so a connection
 * reset mid-body is an error here rather than in the SDK's parser, retries 502/504 and resets on GETs, turns a
 * blocked 429 into a non-retryable error, and reports each response to `observe`. 429, 529, 500 and 503 are
 * left to the SDK's own retries, which honour Retry-After.
 */
function observedFetch(settings: NotionSettings, paceKey: string | undefined, runSignal?: AbortSignal): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const isGet = (init?.method ?? 'GET').toUpperCase() === 'GET';
    const once = async (): Promise<Response> => {
      try {
        // The SDK's timeout does not abort the request; this one does, so a hung request frees its pacing slot.
        // The run's deadline aborts it too (issue 19), also a retry the SDK starts after the deadline.
        const timeout = AbortSignal.timeout(settings.timeoutMs);
        const res = await fetch(input, { ...init, signal: runSignal ? AbortSignal.any([timeout, runSignal]) : timeout });
        const body = await res.text();
        settings.observe?.(notionEndpoint(url), res.status, res.headers.get('retry-after'));
        if (res.status === 429 && body.includes('public_api_request_blocked')) {
          throw new NotionBlockedError("Notion blocked this integration's requests (public_api_request_blocked); not retried.");
        }
        return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
      } catch (err) {
        if (!(err instanceof NotionBlockedError)) settings.observe?.(notionEndpoint(url), 0, null);
        throw err;
      }
    };
    const paced = () => (settings.pacer && paceKey ? settings.pacer.run(paceKey, once) : once());
    for (let attempt = 0; ; attempt++) {
      let res: Response | null = null;
      try {
        res = await paced();
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        if (err instanceof NotionBlockedError || timedOut || runSignal?.aborted || !isGet || attempt >= GATEWAY_RETRIES) throw err;
      }
      if (res && (!isGet || (res.status !== 502 && res.status !== 504) || attempt >= GATEWAY_RETRIES)) return res;
      await new Promise((r) => setTimeout(r, gatewayDelay(attempt)));
    }
  };
}

/**
 * Builds an SDK client for one token (or none, for the OAuth endpoints), with the SDK's own retries (backoff
 * with jitter, Retry-After honoured). `paceKey` (the workspace id) puts its requests under the pacer; `signal`
 * (a run's deadline) aborts every request of the client once it fires.
 */
export function notionClient(settings: NotionSettings, logger: Logger, auth?: string, paceKey?: string, signal?: AbortSignal): Client {
  return new Client({
    auth,
    baseUrl: settings.baseUrl,
    notionVersion: NOTION_VERSION,
    timeoutMs: settings.timeoutMs,
    retry: { maxRetries: 3, initialRetryDelayMs: 500, maxRetryDelayMs: 30000 },
    fetch: observedFetch(settings, paceKey, signal) as never,
    logLevel: LogLevel.WARN,
    // The SDK logs request details at debug; route what it says through our redacting logger.
    logger: (level, message, extra) => logger[level === LogLevel.ERROR ? 'error' : 'warn']({ notion: extra }, message),
  });
}
