import type { Pacer } from '../../lib/pacer';

/** The bounded metric label of a request to Google. */
export type Endpoint = 'users.list' | 'domains.list' | 'oauth.token' | 'oauth.revoke' | 'other';

/** Where the fetch reports: `observe` per response (status 0 when none came), and pacing by key. */
export interface TransportHooks {
  observe(endpoint: Endpoint, status: number, retryAfter: string | null): void;
  pacer?: Pacer;
  paceKey?: string;
  /** A run's deadline: every request through this fetch is aborted when it fires (issue 19). */
  signal?: AbortSignal;
}

const endpointOf = (url: string, tokenUrl: string, revokeUrl: string): Endpoint => {
  const path = new URL(url).pathname;
  if (url.startsWith(tokenUrl)) return 'oauth.token';
  if (url.startsWith(revokeUrl)) return 'oauth.revoke';
  if (path.endsWith('/users')) return 'users.list';
  if (path.endsWith('/domains')) return 'domains.list';
  return 'other';
};

/**
 * The fetch the official clients use (gaxios's `fetchImplementation`): every attempt, the clients' own retries
 * included, waits for the customer's turn and is reported to `observe` with a bounded label. It never logs
 * the URL: revoke carries the token in its query string (sheet §8).
 */
export function observedFetch(hooks: TransportHooks, urls: { tokenUrl: string; revokeUrl: string }): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const endpoint = endpointOf(url, urls.tokenUrl, urls.revokeUrl);
    const signal = hooks.signal && init?.signal ? AbortSignal.any([hooks.signal, init.signal]) : (hooks.signal ?? init?.signal);
    const once = async () => {
      try {
        const res = await fetch(input, { ...init, signal });
        hooks.observe(endpoint, res.status, res.headers.get('retry-after'));
        return res;
      } catch (err) {
        hooks.observe(endpoint, 0, null);
        throw err;
      }
    };
    return hooks.pacer && hooks.paceKey ? hooks.pacer.run(hooks.paceKey, once) : once();
  };
}
