/** A per-workspace request budget, as Notion enforces one: an average of `requestsPerSecond`. */
export interface RateLimitOptions {
  requestsPerSecond: number;
  /** Requests allowed at once before the average applies; default one second's worth (at least 1). */
  burst?: number;
}

/**
 * Token buckets keyed by workspace: each request takes a token, tokens refill at `requestsPerSecond`.
 * An empty bucket answers how long until the next token, which the server sends as 429 `rate_limited`
 * with `Retry-After` in whole seconds (at least 1), like Notion.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly burst: number;

  constructor(private readonly opts: RateLimitOptions) {
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
