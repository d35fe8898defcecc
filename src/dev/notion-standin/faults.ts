/** A scripted failure, consumed in order when a request matches it. */
export type Fault = {
  path?: string;
  workspaceId?: string;
  times?: number;
  afterRequests?: number;
} & (
  | { kind: 'status'; status: number; code?: string; message?: string; retryAfter?: number; rateLimitReason?: string }
  | { kind: 'hang' }
  | { kind: 'malformed' }
  /** Headers and half a body, then the connection is destroyed. */
  | { kind: 'reset' }
  /** `/v1/users`: no results, `has_more: true`, and a fresh cursor to the same position. */
  | { kind: 'empty-page' }
  /** `/v1/users`: the last page says `has_more` and points back to the first page (a pagination loop). */
  | { kind: 'loop' }
  /** `/v1/users`: the page starts with the previous page's last member again (the same member on two pages). */
  | { kind: 'duplicate' }
);

interface Armed {
  fault: Fault;
  left: number;
  skip: number;
}

/** The queue of faults the tests script; matching is on exact path and workspace. */
export class Faults {
  private armed: Armed[] = [];

  add(fault: Fault): void {
    this.armed.push({ fault, left: fault.times ?? 1, skip: fault.afterRequests ?? 0 });
  }

  clear(): void {
    this.armed = [];
  }

  /** The fault to apply to this request, if any; counts it down. */
  take(path: string, workspaceId: string | undefined): Fault | null {
    for (const a of this.armed) {
      if (a.left <= 0) continue;
      if (a.fault.path && a.fault.path !== path) continue;
      if (a.fault.workspaceId && a.fault.workspaceId !== workspaceId) continue;
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
