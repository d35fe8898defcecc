import { GoogleApiError, RateLimitExhaustedError } from './google-errors';
import type { BackoffPolicy } from './settings';

/** Google's rate-limit answers that its client does not retry (403) or that we retry ourselves (429). */
export const isRateLimited = (err: unknown): err is GoogleApiError =>
  err instanceof GoogleApiError &&
  ((err.status === 403 &&
    (err.reason === 'userRateLimitExceeded' || err.reason === 'quotaExceeded' || err.reason === 'rateLimitExceeded')) ||
    err.status === 429);

/** Milliseconds before retry `n` (0-based): exponential with jitter, or Retry-After when Google sends one. */
export function backoffDelay(n: number, policy: BackoffPolicy, retryAfter: string | null, random = Math.random): number {
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : null;
  if (seconds !== null) return Math.min(seconds * 1000, policy.maxMs);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** n) * (0.5 + random() / 2);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted)
      return reject(new RateLimitExhaustedError('The service shut down while waiting out a Google rate limit; nothing was removed.'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new RateLimitExhaustedError('The service shut down while waiting out a Google rate limit; nothing was removed.'));
      },
      { once: true },
    );
  });

/**
 * Runs `attempt`, waiting out Google's rate limits with backoff. Gives up with RateLimitExhaustedError after
 * `policy.retries` retries or when the next wait would pass `deadline`, so a run fails whole instead of hanging.
 */
export async function withBackoff<T>(
  attempt: () => Promise<T>,
  policy: BackoffPolicy,
  deadline = Infinity,
  signal?: AbortSignal,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isRateLimited(err)) throw err;
      const wait = backoffDelay(n, policy, err.retryAfter);
      if (n >= policy.retries)
        throw new RateLimitExhaustedError(
          `Google kept answering ${err.status} ${err.reason} after ${policy.retries} retries with backoff; the run stopped and removed nothing.`,
        );
      if (Date.now() + wait > deadline)
        throw new RateLimitExhaustedError(
          `Google answered ${err.status} ${err.reason} and waiting it out would pass the run's time budget (SYNC_RUN_BUDGET_SECONDS); nothing was removed.`,
        );
      await sleep(wait, signal);
    }
  }
}
