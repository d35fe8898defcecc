import { backoffDelay, withBackoff } from '../../src/connectors/google-workspace/backoff';
import { GoogleApiError, RateLimitExhaustedError } from '../../src/connectors/google-workspace/google-errors';
import { Pacer } from '../../src/lib/pacer';

describe('Google Workspace pacing and backoff', () => {
  it('paces one customer to its rate and leaves another customer alone', async () => {
    const waits: number[] = [];
    const pacer = new Pacer(10, (ms) => waits.push(ms));
    const done: string[] = [];
    const started = Date.now();
    const first = Promise.all([1, 2, 3].map((i) => pacer.run('C01', async () => void done.push(`C01-${i}`))));
    await pacer.run('C02', async () => void done.push('C02'));
    await first;
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    // C02 has its own budget: it does not queue behind C01's second and third requests.
    expect(done.indexOf('C02')).toBeLessThan(done.indexOf('C01-3'));
    expect(waits).toHaveLength(4);
  });

  it('backs off exponentially with jitter up to the cap, and honours Retry-After (capped)', () => {
    const policy = { retries: 6, baseMs: 1000, maxMs: 32_000 };
    expect([0, 1, 2, 5, 9].map((n) => backoffDelay(n, policy, null, () => 1))).toEqual([1000, 2000, 4000, 32_000, 32_000]);
    expect(backoffDelay(3, policy, null, () => 0)).toBe(4000);
    expect([backoffDelay(0, policy, '7'), backoffDelay(0, policy, '3600')]).toEqual([7000, 32_000]);
  });

  it('retries only rate limits, and gives up after the budget', async () => {
    const policy = { retries: 2, baseMs: 1, maxMs: 5 };
    let calls = 0;
    const limited = () => {
      calls++;
      return Promise.reject(new GoogleApiError(403, 'quotaExceeded'));
    };
    await expect(withBackoff(limited, policy)).rejects.toBeInstanceOf(RateLimitExhaustedError);
    expect(calls).toBe(3);
    calls = 0;
    const forbidden = () => {
      calls++;
      return Promise.reject(new GoogleApiError(403, 'forbidden'));
    };
    await expect(withBackoff(forbidden, policy)).rejects.toMatchObject({ status: 403, reason: 'forbidden' });
    expect(calls).toBe(1);
  });
});
