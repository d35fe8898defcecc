import { SharedRead } from '../../src/lib/shared-read';

/** A read whose answers the test releases one by one, counting how many began. */
function controlledRead() {
  const waiting: ((v: number) => void)[] = [];
  let started = 0;
  const read = () =>
    new Promise<number>((resolve) => {
      started++;
      waiting.push(resolve);
    });
  return { read, started: () => started, release: (v: number) => waiting.shift()!(v) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('SharedRead', () => {
  it('shares one read between callers that arrive before it starts, and gives later callers the next one', async () => {
    const c = controlledRead();
    const shared = new SharedRead(c.read);
    const a = shared.get();
    // b and d arrive while a's read is under way: that read may predate them, so they share the next one.
    const b = shared.get();
    const d = shared.get();
    expect(c.started()).toBe(1);
    c.release(1);
    expect(await a).toBe(1);
    await tick();
    expect(c.started()).toBe(2);
    c.release(2);
    expect([await b, await d]).toEqual([2, 2]);
    // Idle again: the next caller starts a read of its own.
    const e = shared.get();
    expect(c.started()).toBe(3);
    c.release(3);
    expect(await e).toBe(3);
  });

  it('passes a failed read to its callers only, and reads afresh for the next', async () => {
    let n = 0;
    const shared = new SharedRead(async () => {
      n++;
      if (n === 1) throw new Error('down');
      return n;
    });
    const first = shared.get();
    const second = shared.get();
    await expect(first).rejects.toThrow('down');
    expect(await second).toBe(2);
    expect(await shared.get()).toBe(3);
  });
});
