import { connectWorkspace, getConnection } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

/** A run that fails inside Neo4j records a sentence; the driver's message (Cypher, constraint names) never reaches the API. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('a sync that fails on a database error', () => {
  it('stores a sentence in SyncRun.error, never the raw driver message, and removes nothing', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Clash', persons: 20 });
    // A stray node already holds one member's account key: the first sync (a fresh app, so plain CREATEs) hits
    // the uniqueness constraint inside its write transaction, a genuine database error with a constraint name.
    await h.app.graph.write(
      'CREATE (:UserAccount {tenantId: $tenant, id: $key})',
      { tenant, key: `notion:${ws.id}:${ws.members[5].id}` },
      { tenantId: tenant },
    );
    const id = await connectWorkspace(h, tenant, ws.id);

    const connection = await getConnection(h, tenant, id);
    expect(connection.lastSync).toMatchObject({ status: 'FAILED', membershipsRemoved: 0 });
    expect(connection.lastSync.error).toMatch(/^The sync failed on our side/);
    expect(connection.lastSync.error).not.toMatch(/constraint|Neo4j|UserAccount|CREATE|already exists/i);
    expect(connection.status).toBe('CONNECTED');
    // The stored run says the same sentence: nothing of the driver's message was written anywhere.
    const [run] = await h.cypher<{ error: string }>('MATCH (r:SyncRun {connectionId: $id}) RETURN r.error AS error', { id });
    expect(run.error).toBe(connection.lastSync.error);
  });
});
