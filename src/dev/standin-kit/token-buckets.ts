/** A request budget: an average of `requestsPerSecond`, with `burst` allowed at once (default one second's worth). */
export interface BucketOptions {
  requestsPerSecond: number;
  burst?: number;
}

/**
 * Token buckets keyed by whatever a provider counts per (workspace, user): each request takes a token, tokens
 * refill at `requestsPerSecond`. An empty bucket answers the whole seconds until the next token (at least 1).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly burst: number;

  constructor(protected readonly opts: BucketOptions) {
    this.burst = Math.max(1, opts.burst ?? Math.floor(opts.requestsPerSecond));
  }

  /** null when the request may go ahead, else the seconds to wait. */
  take(key: string, now = Date.now()): number | null {
    const rate = this.opts.requestsPerSecond / 1000;
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }
}
