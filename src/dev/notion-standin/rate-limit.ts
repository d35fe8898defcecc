import { type BucketOptions, TokenBuckets } from '../standin-kit/token-buckets';

/** A per-workspace request budget, as Notion enforces one: an average of `requestsPerSecond`. */
export type RateLimitOptions = BucketOptions;

/**
 * Token buckets keyed by workspace. An empty bucket's wait is sent as 429 `rate_limited` with `Retry-After` in
 * whole seconds (at least 1), like Notion.
 */
export class RateLimiter extends TokenBuckets {}
