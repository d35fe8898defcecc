import { BUMPS_ITSELF, UNSEEN } from '../../src/graph/graph';
import { connectWorkspace } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

/** Every write names whose cached answers it ends (ADR 0009 amendment): each scope moves exactly its tenant's version. */
describe('tenant versions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('moves with each scope of write, for that tenant only', async () => {
    const a = newTenant();
    const b = newTenant();
    const idA = await connectWorkspace(h, a, h.notion.seedWorkspace({ name: 'Version A', persons: 1 }).id);
    await connectWorkspace(h, b, h.notion.seedWorkspace({ name: 'Version B', persons: 1 }).id);
    const { graph } = h.app;
    const versions = async () => [await graph.tenantVersion(a), await graph.tenantVersion(b)];
    const [runA] = await h.cypher<{ id: string }>('MATCH (r:SyncRun {connectionId: $idA}) RETURN r.id AS id', { idA });
    const start = await versions();
    expect(start[0]).toBeGreaterThan(0);

    await graph.write('MATCH (c:Connection {id: $idA}) SET c.statusReason = null', { idA }, { tenantId: a });
    expect(await versions()).toEqual([start[0]! + 1, start[1]]);
    await graph.write('MATCH (c:Connection {id: $idA}) SET c.statusReason = null', { idA }, { connectionId: idA });
    expect(await versions()).toEqual([start[0]! + 2, start[1]]);
    await graph.write('MATCH (r:SyncRun {id: $id}) SET r.warning = r.warning', { id: runA.id }, { runId: runA.id });
    expect(await versions()).toEqual([start[0]! + 3, start[1]]);
    await graph.writeTx(async (tx) => tx.run('MATCH (c:Connection {id: $idA}) SET c.statusReason = null', { idA }), { tenantId: a });
    expect(await versions()).toEqual([start[0]! + 4, start[1]]);
    await graph.write('MATCH (c:Connection {id: $idA}) SET c.leaseLockedAt = datetime()', { idA }, UNSEEN);
    expect(await versions()).toEqual([start[0]! + 4, start[1]]);
    // A run's writes go through forRun: whatever their scope, no version moves until the run's end (ADR 0015).
    await graph.forRun.write('MATCH (c:Connection {id: $idA}) SET c.statusReason = null', { idA }, { tenantId: a });
    await graph.forRun.writeTx(async (tx) => tx.run('MATCH (c:Connection {id: $idA}) SET c.statusReason = null', { idA }), {
      connectionId: idA,
    });
    expect(await versions()).toEqual([start[0]! + 4, start[1]]);
    expect(BUMPS_ITSELF).not.toBe(UNSEEN);
  });

  it('does not move when the write fails: the bump is in the same transaction', async () => {
    const a = newTenant();
    await h.app.services.tenants.setDomains(a, ['a.test']);
    const before = await h.app.graph.tenantVersion(a);
    await expect(
      h.app.graph.write('MERGE (t:Tenant {id: $tenantId}) SET t.x = 1 WITH t RETURN 1 / 0 AS boom', { tenantId: a }, { tenantId: a }),
    ).rejects.toThrow();
    expect(await h.app.graph.tenantVersion(a)).toBe(before);
  });

  it('moves for the tenants of runs a dead process left RUNNING when they are failed at start', async () => {
    const a = newTenant();
    const id = await connectWorkspace(h, a, h.notion.seedWorkspace({ name: 'Abandoned', persons: 1 }).id);
    await h.app.graph.write(
      "MATCH (c:Connection {id: $id}) CREATE (c)-[:HAS_RUN]->(:SyncRun {id: randomUUID(), tenantId: c.tenantId, connectionId: $id, status: 'RUNNING', startedAt: datetime() - duration('PT2H')})",
      { id },
      UNSEEN,
    );
    const before = await h.app.graph.tenantVersion(a);
    expect(await h.app.services.runs.failAbandoned(60)).toBeGreaterThanOrEqual(1);
    expect(await h.app.graph.tenantVersion(a)).toBe(before! + 1);
  });
});
