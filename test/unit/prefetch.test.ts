import { prefetchOne } from '../../src/lib/prefetch';

describe('prefetchOne', () => {
  it('starts fetching the next batch before the current one is consumed', async () => {
    const events: string[] = [];
    async function* source() {
      for (let i = 1; i <= 3; i++) {
        events.push(`fetch ${i}`);
        yield i;
      }
    }
    for await (const n of prefetchOne(source())) events.push(`write ${n}`);
    expect(events).toEqual(['fetch 1', 'fetch 2', 'write 1', 'fetch 3', 'write 2', 'write 3']);
  });

  it('surfaces a failed fetch when its batch is reached, after the batches before it', async () => {
    async function* source() {
      yield 1;
      throw new Error('page 2 failed');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of prefetchOne(source())) seen.push(n);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([1]);
  });
});
