import { RateLimiter } from '../../src/dev/notion-standin/rate-limit';

describe('stand-in rate limit', () => {
  it('allows a burst of one second, then answers the wait in whole seconds (at least 1), per workspace', () => {
    const limiter = new RateLimiter({ requestsPerSecond: 3 });
    const t0 = 1_000_000;
    expect([limiter.take('a', t0), limiter.take('a', t0), limiter.take('a', t0)]).toEqual([null, null, null]);
    expect(limiter.take('a', t0)).toBe(1);
    expect(limiter.take('b', t0)).toBeNull();
    expect(limiter.take('a', t0 + 334)).toBeNull(); // one token refilled after a third of a second
    expect(limiter.take('a', t0 + 334)).toBe(1);
  });

  it('lets requests paced at the rate through indefinitely', () => {
    const limiter = new RateLimiter({ requestsPerSecond: 3 });
    for (let i = 0; i < 100; i++) expect(limiter.take('a', 5_000 + i * 334)).toBeNull();
  });
});
