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

  it('answers a GraphQL body that is too large, not JSON or compressed with a stable reason, before any auth', async () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${h.app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const reasonOf = async (res: Response) => [res.status, ((await res.json()) as any).errors[0].extensions];
    const big = JSON.stringify({ query: `{ connections { id } }`, variables: { pad: 'x'.repeat(110 * 1024) } });
    expect(await reasonOf(await post(big))).toEqual([413, { code: 'BAD_REQUEST', reason: 'BODY_TOO_LARGE' }]);
    expect(await reasonOf(await post('{"query": '))).toEqual([400, { code: 'BAD_REQUEST', reason: 'INVALID_JSON' }]);
    const gzip = await post('{}', { 'content-encoding': 'gzip' });
    expect(await reasonOf(gzip)).toEqual([415, { code: 'BAD_REQUEST', reason: 'UNSUPPORTED_ENCODING' }]);
    // Each refusal still carries its request id and is not kept by a cache.
    expect(gzip.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(gzip.headers.get('cache-control')).toBe('no-store');
    // A body within the limit reaches GraphQL, whose auth answers it.
    const anonymous = await post(JSON.stringify({ query: '{ connections { id } }' }));
    expect(anonymous.status).toBe(401);
    // A body with no JSON content type is Apollo's to refuse (CSRF prevention), not a crash.
    const form = await fetch(`${h.app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(400);
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
