/** What every scripted fault may say about where and when it applies. */
export interface FaultScope {
  /** Exact path; any path when unset. */
  path?: string;
  /** The remote tenant (customer, workspace) it applies to; any when unset. */
  scope?: string;
  /** Matching requests it answers (default 1). */
  times?: number;
  /** Matching requests let through before it applies. */
  afterRequests?: number;
}

/**
 * A queue of scripted faults, consumed in order when a request matches one (exact path and scope). `scopeOf` reads a
 * fault's scope where a stand-in's faults name it otherwise (Google's `customerId`, Notion's `workspaceId`).
 */
export class FaultQueue<F extends FaultScope> {
  private armed: { fault: F; left: number; skip: number }[] = [];

  constructor(private readonly scopeOf: (fault: F) => string | undefined = (f) => f.scope) {}

  add(fault: F): void {
    this.armed.push({ fault, left: fault.times ?? 1, skip: fault.afterRequests ?? 0 });
  }

  clear(): void {
    this.armed = [];
  }

  /** The fault to apply to this request, if any; counts it down. */
  take(path: string, scope: string | undefined, accepts: (f: F) => boolean = () => true): F | null {
    for (const a of this.armed) {
      if (a.left <= 0 || !accepts(a.fault)) continue;
      if (a.fault.path && a.fault.path !== path) continue;
      const own = this.scopeOf(a.fault);
      if (own && own !== scope) continue;
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
