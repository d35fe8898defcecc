import { randomUUID } from 'node:crypto';
import type { AccountBatch } from '../../src/connectors/connector';
import { GraphApiError } from '../../src/connectors/microsoft-entra-id/entra-errors';
import { decodeResume, encodeResume, FULL_READ_EVERY_MS } from '../../src/connectors/microsoft-entra-id/source';
import type { EntraSandbox } from '../../src/dev/entra-standin';
import { accountBatches, type ListingEnd } from '../../src/runs/paging';
import { entraConnector, limits, startEntra } from '../support/entra';

/**
 * Delta reads through graph-client against the stand-in, paged by the core's pager: a complete read keeps a
 * `$deltatoken=latest` link, a re-sync follows it for changes only (changed users, `@removed`), an unchanged
 * directory costs one users request, an expired link answers 410 (resume-expired), and a day-old link reads
 * everything again.
 */
let entra: EntraSandbox;
beforeAll(async () => {
  entra = await startEntra();
});
afterAll(() => entra.stop());

/** The Graph requests since `from` (a new connector also fetches its authority's metadata and a token). */
const graphPaths = (from: number) =>
  entra.requests
    .slice(from)
    .map((r) => r.path)
    .filter((p) => p.startsWith('/v1.0/'));

async function run(tenantId: string, resume: string | null) {
  const { connector } = entraConnector(entra);
  const source = connector.source('app-only', tenantId, new AbortController().signal);
  await source.app();
  const listing = await source.listing(resume);
  const end: ListingEnd = { resume: null };
  const batches: AccountBatch[] = [];
  for await (const b of accountBatches(listing, 1000, limits(), 'Microsoft Entra ID', end)) batches.push(b);
  return {
    kind: listing.kind,
    rows: batches.flatMap((b) => b.rows),
    removed: batches.flatMap((b) => b.removed),
    resume: end.resume,
    connector,
  };
}

it('reads everything once, then only what changed, 410 when the link expired, and everything again after a day', async () => {
  const d = `delta${randomUUID().slice(0, 6)}.test`;
  const t = entra.seedTenant({ domain: d, users: 1500, consented: true });

  const full = await run(t.id, null);
  expect([full.kind, full.rows.length]).toEqual(['complete', 1500]);
  expect(decodeResume(full.resume)?.link).toMatch(/^https:\/\/.*\/v1\.0\/users\/delta\?.*\$deltatoken=/);

  // Unchanged: the organisation and one delta page; no users, so no role read either.
  const before = entra.requests.length;
  const none = await run(t.id, full.resume);
  expect([none.kind, none.rows, none.removed]).toEqual(['changes', [], []]);
  expect(graphPaths(before)).toEqual(['/v1.0/organization', '/v1.0/users/delta']);

  entra.updateUser(t.id, `user5@${d}`, (u) => (u.accountEnabled = false));
  entra.deleteUser(t.id, `user6@${d}`);
  entra.addUser(t.id, { userPrincipalName: `new@${d}` });
  const changed = await run(t.id, none.resume);
  expect(changed.rows.map((r) => [r.email, r.directory?.status])).toEqual([
    [`user5@${d}`, 'SUSPENDED'],
    [`new@${d}`, 'ACTIVE'],
  ]);
  expect(changed.removed).toHaveLength(1);

  entra.expireDeltaTokens(t.id);
  const expired = run(t.id, changed.resume);
  await expect(expired).rejects.toBeInstanceOf(GraphApiError);
  const err = await expired.catch((e: unknown) => e);
  expect(full.connector.classify(err)).toBe('resume-expired');

  const stale = encodeResume(Date.now() - FULL_READ_EVERY_MS - 1, decodeResume(none.resume)!.link);
  expect((await run(t.id, stale)).kind).toBe('complete');
});
