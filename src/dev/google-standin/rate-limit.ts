import { type BucketOptions, TokenBuckets } from '../standin-kit/token-buckets';

/** Which of Google's rate-limit answers the stand-in gives past the budget (sheet §5). */
export type RateLimitReason = 'userRateLimitExceeded' | 'quotaExceeded' | 'rateLimitExceeded';

/** A request budget per consenting user, as Google counts "queries per minute per user". */
export interface RateLimitOptions extends BucketOptions {
  /** Default `userRateLimitExceeded` (403); `rateLimitExceeded` answers 429. */
  reason?: RateLimitReason;
}

/**
 * Token buckets keyed by user. An empty bucket answers the seconds until the next token (at least 1); Google
 * sends no Retry-After, nor does the server.
 */
export class RateLimiter extends TokenBuckets {
  constructor(protected readonly opts: RateLimitOptions) {
    super(opts);
  }

  /** The status and reason a refused request gets. */
  get answer(): { status: number; reason: RateLimitReason } {
    const reason = this.opts.reason ?? 'userRateLimitExceeded';
    return { status: reason === 'rateLimitExceeded' ? 429 : 403, reason };
  }
}
