import { AppError } from '../lib/errors';

/**
 * A run's hard deadline (issue 19): one AbortSignal that fires when SYNC_RUN_BUDGET_SECONDS ends or the process
 * shuts down. Every provider call of the run receives it (the connector passes it to its client, so requests in
 * flight are aborted, retries and backoff waits included), and the core races each provider step against it,
 * so a run fails within its budget even when a provider's client sleeps where the signal cannot reach.
 */
export interface RunDeadline {
  signal: AbortSignal;
  /** Epoch ms when the budget ends. */
  at: number;
}

export function runDeadline(budgetMs: number, shutdown: AbortSignal): RunDeadline {
  return { signal: AbortSignal.any([AbortSignal.timeout(budgetMs), shutdown]), at: Date.now() + budgetMs };
}

/** The error a run fails with when its signal fired: a sentence for the run record. */
export function abortedRun(signal: AbortSignal): AppError {
  const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
  return timedOut
    ? new AppError(
        'UPSTREAM_UNAVAILABLE',
        'RUN_BUDGET_EXCEEDED',
        'The run used up its time budget (SYNC_RUN_BUDGET_SECONDS) waiting for the provider; its requests were aborted and nothing was removed.',
      )
    : new AppError(
        'UPSTREAM_UNAVAILABLE',
        'RUN_ABORTED',
        'The service shut down during the run; nothing was removed. The next run tries again.',
      );
}

/**
 * `work`, or the run's abort as soon as its signal fires, whichever comes first. What `work` does afterwards is
 * abandoned: its provider requests already carry the same signal, so they fail at once. A provider error caused
 * by the abort itself is the deadline, not the provider's fault.
 */
export function raceDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let onAbort = () => undefined as void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortedRun(signal));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  const worked = work.catch((err: unknown) => Promise.reject(signal.aborted ? abortedRun(signal) : err));
  return Promise.race([aborted, worked]).finally(() => signal.removeEventListener('abort', onAbort));
}
