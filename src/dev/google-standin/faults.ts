import { FaultQueue } from '../standin-kit/fault-queue';

/** A scripted failure, consumed in order when a request matches it. */
export type Fault = {
  /** Exact path (`/admin/directory/v1/users`, `/token` …); any path when unset. */
  path?: string;
  customerId?: string;
  times?: number;
  /** Matching requests let through before the fault applies. */
  afterRequests?: number;
} &
  /** An error answer in Google's shape: 401 authError, 403 userRateLimitExceeded/quotaExceeded, 429 rateLimitExceeded, 503 backendError … */
  (
    | { kind: 'status'; status: number; reason: string; message?: string; retryAfter?: number }
    | { kind: 'hang' }
    /** A 200 whose JSON body stops halfway. */
    | { kind: 'malformed' }
    /** Headers and half a body, then the connection is destroyed. */
    | { kind: 'reset' }
    /** users.list: no users, and a fresh page token to the same position. */
    | { kind: 'empty-page' }
    /** users.list: the last page points back to the first (a page-token loop). */
    | { kind: 'loop' }
    /** users.list: lists only the first `keep` users, as a glitching directory might. */
    | { kind: 'shrink'; keep: number }
  );

/** The kit's queue (standin-kit/fault-queue.ts), a fault's scope being its `customerId`. */
export const newFaults = (): FaultQueue<Fault> => new FaultQueue<Fault>((f) => f.customerId);
