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

interface Armed {
  fault: Fault;
  left: number;
  skip: number;
}

/** The queue of faults the tests script; matching is on exact path and customer. */
export class Faults {
  private armed: Armed[] = [];

  add(fault: Fault): void {
    this.armed.push({ fault, left: fault.times ?? 1, skip: fault.afterRequests ?? 0 });
  }

  clear(): void {
    this.armed = [];
  }

  /** The fault to apply to this request, if any; counts it down. */
  take(path: string, customerId: string | undefined): Fault | null {
    for (const a of this.armed) {
      if (a.left <= 0) continue;
      if (a.fault.path && a.fault.path !== path) continue;
      if (a.fault.customerId && a.fault.customerId !== customerId) continue;
      if (a.skip > 0) {
        a.skip--;
        return null;
      }
      a.left--;
      return a.fault;
    }
    return null;
  }
}
