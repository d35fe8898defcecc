import { connectWorkspace } from '../support/flows';
import { newTenant, startHarness } from '../support/harness';
import { ownNeo4j } from '../support/own-neo4j';

/** ADR 0010: while Neo4j is away, API reads give up within NEO4J_API_TIMEOUT_MS; the sync's writes keep retrying. */
describe('API reads while Neo4j is away', () => {
  it('answers UPSTREAM_UNAVAILABLE in under 5 s and /readyz says not ready, while the sync is still retrying', async () => {
    const db = await ownNeo4j('away');
    const h = await startHarness({ NEO4J_URI: db.uri, NOTION_REQUESTS_PER_SECOND: '4' });
    try {
      const tenant = newTenant();
      const ws = h.notion.seedWorkspace({ name: 'Away', persons: 1200 });
      const id = await connectWorkspace(h, tenant, ws.id);
      expect((await h.gql('{ users(first: 5) { edges { node { email } } } }', {}, { tenant })).errors).toBeUndefined();
      await h.gql(`mutation($id: ID!) { syncConnection(connectionId: $id) { id } }`, { id }, { tenant });
      // Stop Neo4j once the run is under way (a few pages in).
      while (h.notion.requests.filter((r) => r.workspaceId === ws.id && r.path === '/v1/users').length < 16)
        await new Promise((r) => setTimeout(r, 50));
      await db.stop();
      let runEnded = false;
      void h.app.sync.idle().then(() => (runEnded = true));

      const started = performance.now();
      const read = await h.gql('{ users(first: 5) { edges { node { email } } } }', {}, { tenant });
      const elapsed = performance.now() - started;
      expect(read.errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(elapsed).toBeLessThan(5_000);
      const ready = await fetch(`${h.app.url}/readyz`);
      expect({ status: ready.status, body: await ready.json() }).toMatchObject({
        status: 503,
        body: { status: 'unavailable', neo4j: 'down' },
      });
      // A mutation's audit write goes through the API's fast-failing driver too: the answer does not wait out the
      // sync's 15 s of retries, and the lost write is said (audit_write_failed, with the event) and counted (issue 19).
      const mutated = performance.now();
      const refused = await h.gql(
        'mutation { setTenantDomains(domains: ["away.example.com"]) { domains } }',
        {},
        { tenant, sub: 'away-admin' },
      );
      expect(refused.errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(performance.now() - mutated).toBeLessThan(5_000);
      const failedLine = h.logLines.find((l) => l.includes('audit_write_failed'));
      expect(JSON.parse(failedLine!)).toMatchObject({
        event: { tenantId: tenant, action: 'setTenantDomains', actor: 'away-admin' },
        final: false,
      });
      const metrics = await (await fetch(`${h.app.url}/metrics`)).text();
      expect(metrics).toMatch(/layer_audit_write_failures_total\{final="false"\} 1/);
      // The run's writes retry for 15 s (the sync's driver), so it has not given up yet.
      expect(runEnded).toBe(false);
      // Back before the run's retries run out of Neo4j to retry against (each of its writes waits up to 15 s).
      await db.restart();
      await h.app.sync.idle();
    } finally {
      await h.close();
      await db.close().catch(() => undefined);
    }
  }, 300_000);
});
