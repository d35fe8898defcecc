import { ReadPressure, yieldToReads } from '../../src/sync/read-pressure';

describe('ReadPressure and yieldToReads', () => {
  it('counts requests in flight through a buffer another thread can share', () => {
    const api = new ReadPressure();
    const sync = new ReadPressure(api.buffer);
    api.enter();
    api.enter();
    api.leave();
    expect(sync.inFlight).toBe(1);
  });

  it('lets a write through at once while the API is idle', async () => {
    const pressure = new ReadPressure();
    let passed = false;
    const wait = yieldToReads(pressure)().then(() => (passed = true));
    await Promise.resolve();
    await Promise.resolve();
    expect(passed).toBe(true);
    await wait;
  });

  it('holds a write while requests are in flight (10 ms each, up to the cap), and releases it when they end', async () => {
    const pressure = new ReadPressure();
    for (let i = 0; i < 10_000; i++) pressure.enter();
    let passed = false;
    const wait = yieldToReads(pressure, 60_000)().then(() => (passed = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(passed).toBe(false);
    for (let i = 0; i < 10_000; i++) pressure.leave();
    await wait;
    expect(passed).toBe(true);
  });
});
