import { admin, type admin_directory_v1 } from '@googleapis/admin';
import { OAuth2Client } from 'google-auth-library';
import { withBackoff } from './backoff';
import { toApiError } from './google-errors';
import type { GoogleSettings } from './settings';
import { observedFetch, type TransportHooks } from './transport';

/**
 * gaxios retries 5xx and 408 on GETs (3 times: ~0.5, 1.5, 3.5 s) and a request with no answer once. 429 is
 * left out: gaxios ignores Retry-After and retries within a second and a half, so 429 joins the 403 rate
 * limits in the connector's own backoff (backoff.ts), which honours Retry-After and the run's deadline.
 */
const RETRY = {
  retry: 3,
  retryDelay: 500,
  retryDelayMultiplier: 2,
  maxRetryDelay: 8000,
  noResponseRetries: 1,
  httpMethodsToRetry: ['GET'],
  statusCodesToRetry: [
    [408, 408],
    [500, 599],
  ],
};

/** One customer's Directory API for one access token: paced, observed, with the connector's backoff. */
export interface Directory {
  /** Calls one method; rate limits are waited out, and errors come back as GoogleApiError. */
  call<T>(
    request: (api: admin_directory_v1.Admin, signal?: AbortSignal) => Promise<{ data: T }>,
    deadline?: number,
    signal?: AbortSignal,
  ): Promise<T>;
}

/** Builds the official Directory client (`@googleapis/admin`) against GOOGLE_API_BASE_URL for one token. */
export function directory(settings: GoogleSettings, accessToken: string, hooks: TransportHooks): Directory {
  // No refresh token here: a 401 reaches the core, whose token session refreshes once and retries the step.
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: accessToken, token_type: 'Bearer' });
  const api = admin({
    version: 'directory_v1',
    auth,
    rootUrl: settings.apiBaseUrl.replace(/\/?$/, '/'),
    timeout: settings.timeoutMs,
    retryConfig: RETRY,
    fetchImplementation: observedFetch(hooks, settings),
  });
  return {
    call: (request, deadline, signal) =>
      withBackoff(
        async () => {
          try {
            return (await request(api, signal)).data;
          } catch (err) {
            throw toApiError(err);
          }
        },
        settings.backoff,
        deadline,
        signal ?? hooks.signal,
      ),
  };
}
