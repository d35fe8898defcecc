import { ensureConstraints } from '../../src/graph/constraints';
import { UNSEEN } from '../../src/graph/graph';
import { connectWorkspace } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';
import { ownNeo4j } from '../support/own-neo4j';

describe('metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('exposes sync, Notion, connection and GraphQL metrics after a sync, with no tenant or email in any label', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Metered', persons: 120, bots: 2, noEmailPersons: 1 });
    await connectWorkspace(h, tenant, ws.id);
    await h.gql(`query Members { users(first: 5) { edges { node { email } } } }`, {}, { tenant });
    await h.gql(`{ users(first: 500) { totalCount } }`, {}, { tenant });
    await h.gql(`query Broken { nope }`, {}, { tenant });

    const res = await fetch(`${h.app.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    const value = (line: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(line + ' '))
          ?.slice(line.length + 1),
      );
    expect(value('layer_sync_runs_total{outcome="succeeded"}')).toBeGreaterThanOrEqual(1);
    expect(value('layer_sync_members_total{result="written"}')).toBeGreaterThanOrEqual(120);
    expect(value('layer_sync_members_total{result="skipped_bot"}')).toBeGreaterThanOrEqual(2);
    expect(value('layer_sync_members_total{result="skipped_no_email"}')).toBeGreaterThanOrEqual(1);
    expect(value('layer_sync_duration_seconds_count{outcome="succeeded"}')).toBeGreaterThanOrEqual(1);
    expect(value('layer_provider_requests_total{provider="notion",endpoint="users.list",status="200"}')).toBeGreaterThanOrEqual(2);
    expect(value('layer_provider_requests_total{provider="notion",endpoint="oauth.token",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(value('layer_connections{status="CONNECTED"}')).toBeGreaterThanOrEqual(1);
    expect(value('layer_graphql_requests_total{operation="Members",outcome="ok"}')).toBe(1);
    expect(value('layer_graphql_requests_total{operation="anonymous",outcome="error"}')).toBeGreaterThanOrEqual(1);
    expect(value('layer_graphql_requests_total{operation="Broken",outcome="rejected"}')).toBe(1);
    expect(value('layer_graphql_request_duration_seconds_count{operation="Members"}')).toBe(1);
    expect(text).toMatch(/^layer_neo4j_errors_total \d+$/m);
    expect(text).toMatch(/^layer_provider_rate_limit_wait_seconds_total/m);
    expect(text).not.toContain(tenant);
    expect(text).not.toContain('@');
  });

  it('counts the wait a 429 asked for', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Throttled', persons: 3 });
    h.notion.injectFault({
      path: '/v1/users',
      workspaceId: ws.id,
      kind: 'status',
      status: 429,
      code: 'rate_limited',
      message: 'slow down',
      retryAfter: 1,
      times: 1,
    });
    await connectWorkspace(h, tenant, ws.id);
    const text = await (await fetch(`${h.app.url}/metrics`)).text();
    expect(text).toMatch(/^layer_provider_requests_total\{provider="notion",endpoint="users.list",status="429"\} [1-9]/m);
    expect(text).toMatch(/^layer_provider_rate_limit_wait_seconds_total\{provider="notion",source="retry_after"\} [1-9]/m);
  });
});

describe('readiness', () => {
  it('answers 503 while Neo4j is down and 200 again once it is back, without a restart', async () => {
    const db = await ownNeo4j('readyz');
    const h = await startHarness({ NEO4J_URI: db.uri });
    try {
      const ready = async () => {
        const res = await fetch(`${h.app.url}/readyz`);
        return { status: res.status, body: await res.json() };
      };
      expect(await ready()).toEqual({ status: 200, body: { status: 'ready', neo4j: 'up', constraints: 'applied', scheduler: 'disabled' } });
      expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);

      await db.stop();
      expect(await ready()).toEqual({
        status: 503,
        body: { status: 'unavailable', neo4j: 'down', constraints: 'unknown', scheduler: 'disabled' },
      });
      expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
      const down = await h.gql(`{ connections { id: connectionId } }`, {}, { tenant: newTenant() });
      expect(down.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      await db.restart();
      let back = await ready();
      for (let i = 0; i < 20 && back.status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 500));
        back = await ready();
      }
      expect(back).toEqual({ status: 200, body: { status: 'ready', neo4j: 'up', constraints: 'applied', scheduler: 'disabled' } });
      expect((await h.gql(`{ connections { id: connectionId } }`, {}, { tenant: newTenant() })).errors).toBeUndefined();

      // The constraints are read from the database's schema, not assumed: a dropped index makes it not ready.
      await h.app.graph.write('DROP INDEX user_account_provider_app', {}, UNSEEN);
      expect(await ready()).toEqual({
        status: 503,
        body: { status: 'unavailable', neo4j: 'up', constraints: 'missing', scheduler: 'disabled' },
      });
      await ensureConstraints(h.app.graph);
      expect((await ready()).status).toBe(200);
    } finally {
      await h.close();
      await db.close().catch(() => undefined);
    }
  }, 240_000); // two Neo4j starts, each up to a minute on a loaded 2-core machine
});
