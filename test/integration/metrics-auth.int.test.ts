import { loadEnv } from '../../src/config/env';
import { createLogger } from '../../src/lib/logger';
import { startWorker, type Worker } from '../../src/worker';
import { type Harness, startHarness } from '../support/harness';

const TOKEN = 'metrics-' + 'x'.repeat(24);
let h: Harness;
let worker: Worker;
beforeAll(async () => {
  h = await startHarness({ METRICS_TOKEN: TOKEN });
  worker = await startWorker(loadEnv({ ...h.rawEnv, SYNC_ROLE: 'worker', SYNC_ENABLED: 'false' }), createLogger('silent'));
});
afterAll(async () => {
  await worker?.close();
  await h?.close();
});

const scrape = (url: string, authorization?: string) => fetch(`${url}/metrics`, { headers: authorization ? { authorization } : {} });

describe('/metrics with METRICS_TOKEN set', () => {
  it.each([
    ['the API', () => h.app.url],
    ['the worker', () => worker.url],
  ])('%s answers 401 without the bearer token or with a wrong one, and the metrics with it', async (_role, url) => {
    for (const header of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer ', `Basic ${TOKEN}`, TOKEN]) {
      const res = await scrape(url(), header);
      expect({ header, status: res.status }).toEqual({ header, status: 401 });
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await res.text()).not.toMatch(/layer_/);
    }
    const ok = await scrape(url(), `Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/^# HELP layer_/m);
    // The probes stay open: orchestrators call them without credentials.
    expect((await fetch(`${url()}/healthz`)).status).toBe(200);
  });
});
