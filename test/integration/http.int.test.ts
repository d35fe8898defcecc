import { type Harness, startHarness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('the HTTP surface besides GraphQL', () => {
  it('answers liveness and readiness without auth', async () => {
    expect(await (await fetch(`${h.app.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${h.app.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', neo4j: 'up' }]);
  });

  it('serves GraphiQL from the npm package, loading nothing from another host', async () => {
    const res = await fetch(`${h.app.url}/graphiql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('Layer identity graph');
    const external = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="(https?:[^"]+)"/g)].map((m) => m[1]);
    expect(external).toEqual([]);
  });
});
