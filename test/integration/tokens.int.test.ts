import { randomBytes } from 'node:crypto';
import { startApp } from '../../src/app';
import { loadEnv } from '../../src/config/env';
import { createLogger } from '../../src/lib/logger';
import { connectWorkspace, getConnection, syncNow } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('token encryption keys', () => {
  it('rotates: a new key with the old one as previous re-seals every token at start, and syncs go on', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Rotated', persons: 3 });
    const id = await connectWorkspace(h, tenant, ws.id);
    const sealed = async () =>
      (
        await h.cypher<{ a: string; r: string; keyId: string }>(
          'MATCH (k:Credential {connectionId: $id}) RETURN k.accessToken AS a, k.refreshToken AS r, k.keyId AS keyId',
          { id },
        )
      )[0];
    const before = await sealed();

    const oldKey = h.rawEnv.TOKEN_ENCRYPTION_KEY;
    const newKey = randomBytes(32).toString('base64');
    const rotated = await startApp(
      loadEnv({ ...h.rawEnv, TOKEN_ENCRYPTION_KEY: newKey, TOKEN_ENCRYPTION_KEYS_PREVIOUS: oldKey }),
      createLogger('silent'),
    );
    try {
      const after = await sealed();
      expect(after.keyId).not.toBe(before.keyId);
      expect(after.a.split('.')[1]).toBe(after.keyId);
      expect(after.r.split('.')[1]).toBe(after.keyId);
      expect(after.a).not.toBe(before.a);
      // The rotated instance syncs with the re-sealed token.
      const { done } = await rotated.sync.start((await rotated.services.connections.get(tenant, id))!, 'manual');
      expect(await done).toMatchObject({ status: 'SUCCEEDED', usersUpserted: 3 });
    } finally {
      await rotated.close();
    }
    // The instance that only knows the old key can no longer open it: ERROR, with the reason.
    const c = await syncNow(h, tenant, id);
    expect(c).toMatchObject({ status: 'ERROR', lastSync: { status: 'FAILED' } });
    // An instance with only the new key (old one retired) opens it again after a reconnect-free restart.
    const retired = await startApp(loadEnv({ ...h.rawEnv, TOKEN_ENCRYPTION_KEY: newKey }), createLogger('silent'));
    try {
      const tokens = await retired.services.connectionService.require(tenant, id);
      expect(tokens.workspaceId).toBe(ws.id);
      await retired.graph.write(
        "MATCH (c:Connection {id: $id}) SET c.status = 'CONNECTED', c.statusReason = null",
        { id },
        { tenantId: tenant },
      );
      const { done } = await retired.sync.start((await retired.services.connections.get(tenant, id))!, 'manual');
      expect(await done).toMatchObject({ status: 'SUCCEEDED' });
    } finally {
      await retired.close();
    }
    expect((await getConnection(h, tenant, id)).lastSync.status).toBe('SUCCEEDED');
  });

  it('refuses a previous key that is not 32 bytes, naming the variable', () => {
    expect(() => loadEnv({ ...h.rawEnv, TOKEN_ENCRYPTION_KEYS_PREVIOUS: 'dG9vLXNob3J0' })).toThrow(/TOKEN_ENCRYPTION_KEYS_PREVIOUS/);
  });
});
