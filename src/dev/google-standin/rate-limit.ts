/** Which of Google's rate-limit answers the stand-in gives past the budget (sheet §5). */
export type RateLimitReason = 'userRateLimitExceeded' | 'quotaExceeded' | 'rateLimitExceeded';

/** A request budget per consenting user, as Google counts "queries per minute per user". */
export interface RateLimitOptions {
  requestsPerSecond: number;
  /** Requests allowed at once before the average applies; default one second's worth (at least 1). */
  burst?: number;
  /** Default `userRateLimitExceeded` (403); `rateLimitExceeded` answers 429. */
  reason?: RateLimitReason;
}

/**
 * Token buckets keyed by user: each request takes a token, tokens refill at `requestsPerSecond`. An empty
 * bucket answers the seconds until the next token (at least 1); Google sends no Retry-After, nor does the server.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly burst: number;

  constructor(private readonly opts: RateLimitOptions) {
    this.burst = Math.max(1, opts.burst ?? Math.floor(opts.requestsPerSecond));
  }

  /** The status and reason a refused request gets. */
  get answer(): { status: number; reason: RateLimitReason } {
    const reason = this.opts.reason ?? 'userRateLimitExceeded';
    return { status: reason === 'rateLimitExceeded' ? 429 : 403, reason };
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
