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
    expect([ready.status, await ready.json()]).toEqual([
      200,
      { status: 'ready', neo4j: 'up', constraints: 'applied', scheduler: 'disabled' },
    ]);
  });

  it('logs one line per request with the id it returns, and never the Authorization header', async () => {
    const jwt = await h.token('tenant-log');
    const res = await fetch(`${h.app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
      body: JSON.stringify({ query: '{ connections { id: connectionId } }' }),
    });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 50));
    const lines = h.logLines.map((l) => JSON.parse(l)).filter((l) => l.req?.id === id);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        req: { id, method: 'POST', url: '/graphql' },
        res: expect.objectContaining({ statusCode: 200 }),
      }),
    ]);
    expect(h.logLines.join('')).not.toContain(jwt);
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
