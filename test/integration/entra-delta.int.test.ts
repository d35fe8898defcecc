import { randomUUID } from 'node:crypto';
import type { EntraSandbox } from '../../src/dev/entra-standin';
import { graphFor } from '../../src/connectors/microsoft-entra-id/client';
import { GraphApiError } from '../../src/connectors/microsoft-entra-id/entra-errors';
import { changePages, fullPages, guardedPages } from '../../src/connectors/microsoft-entra-id/get';
import { EntraIdentity } from '../../src/connectors/microsoft-entra-id/identity';
import { removedOf, transformUsers } from '../../src/connectors/microsoft-entra-id/transform';
import { HttpsTransport } from '../../src/connectors/microsoft-entra-id/transport';
import { entraSettingsFor, limits, startEntra } from '../support/entra';

/**
 * Delta reads through graph-client against the stand-in: a complete read keeps a `$deltatoken=latest` link, a
 * re-sync follows it for changes only (changed users, `@removed`), an unchanged directory costs one request,
 * and an expired link answers 410. (The core keeps the link per connection once the contract branch lands.)
 */
let entra: EntraSandbox;
beforeAll(async () => {
  entra = await startEntra();
});
afterAll(() => entra.stop());

function tenantGraph(tenantId: string) {
  const settings = entraSettingsFor(entra);
  const transport = new HttpsTransport(settings, { observe: () => undefined });
  return graphFor(settings, new EntraIdentity(settings, transport), transport, tenantId, { deadline: Date.now() + 60_000 });
}

async function read(pages: AsyncGenerator<{ items: unknown[]; resume?: string | null }>) {
  const items: unknown[] = [];
  let resume: string | null = null;
  for await (const p of pages) {
    items.push(...p.items);
    if (p.resume !== undefined) resume = p.resume;
  }
  return { items, resume };
}

it('reads everything once, then only what changed, and 410 when the link expired', async () => {
  const d = `delta${randomUUID().slice(0, 6)}.test`;
  const t = entra.seedTenant({ domain: d, users: 1500, consented: true });
  const g = tenantGraph(t.id);
  const notes = { signInActivity: true };

  const full = await read(guardedPages(fullPages(g, notes), limits()));
  expect(full.items).toHaveLength(1500);
  expect(full.resume).toMatch(/^https:\/\/.*\/v1\.0\/users\/delta\?.*\$deltatoken=/);
  expect(notes.signInActivity).toBe(true);

  // Unchanged: one request, no users, a new link.
  const before = entra.requests.length;
  const none = await read(guardedPages(changePages(g, full.resume!), limits()));
  expect(none.items).toEqual([]);
  expect(entra.requests.slice(before).map((r) => r.path)).toEqual(['/v1.0/users/delta']);

  entra.updateUser(t.id, `user5@${d}`, (u) => (u.accountEnabled = false));
  entra.deleteUser(t.id, `user6@${d}`);
  entra.addUser(t.id, { userPrincipalName: `new@${d}` });
  const changed = await read(guardedPages(changePages(g, none.resume!), limits()));
  const batch = transformUsers(changed.items, new Set(), false);
  expect(batch.rows.map((r) => [r.email, r.attributes.suspended])).toEqual([
    [`user5@${d}`, true],
    [`new@${d}`, false],
  ]);
  expect(removedOf(changed.items)).toHaveLength(1);

  entra.expireDeltaTokens(t.id);
  await expect(read(guardedPages(changePages(g, changed.resume!), limits()))).rejects.toMatchObject(
    new GraphApiError(410, 'resyncRequired'),
  );
});
