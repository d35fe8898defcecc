import { randomUUID } from 'node:crypto';
import type { AccountRow } from '../../src/connectors/connector';
import { ensureConstraints } from '../../src/graph/constraints';
import { connectGraph, type Graph } from '../../src/graph/graph';
import { accountDigest } from '../../src/identity/account-rows';
import { hasAccounts, loadAccounts } from '../../src/identity/account.writer';
import type { AppRef } from '../../src/identity/app-ref';
import { loadApp, markSynced } from '../../src/identity/app.writer';
import { cleanupMembers, countCurrentMembers } from '../../src/identity/membership.cleanup';
import { purgeApp } from '../../src/identity/purge';
import { backfillUserSummaries } from '../../src/identity/user.summary';
import { staleSummaries } from '../support/summaries';

/**
 * The provider-neutral write path and cleanup, driven directly with fixture rows for two fake providers in one
 * tenant, and read back as tuples (Cartography's integration tests are the model).
 */
let graph: Graph;
beforeAll(async () => {
  graph = connectGraph(process.env.NEO4J_URI!, 'neo4j', 'neo4j', 'neo4j');
  await ensureConstraints(graph);
});
afterAll(async () => {
  try {
    expect(await staleSummaries(graph)).toEqual([]);
  } finally {
    await graph.close();
  }
});

const row = (externalId: string, email: string, name = externalId, attributes: AccountRow['attributes'] = {}): AccountRow => {
  const r = {
    externalId,
    email,
    emailRaw: email.toUpperCase(),
    name,
    avatarUrl: null,
    attributes,
    aliases: [],
    directory: null,
    account: { role: 'UNKNOWN' as const, mfaEnabled: null, lastActiveAt: null, login: null },
    unmanaged: null,
  };
  return { ...r, hash: accountDigest(r) };
};

/** One fake provider's app in the tenant, connected and loaded like a sync would. */
async function app(tenantId: string, provider: string, appId: string): Promise<AppRef & { connectionId: string }> {
  const ref = {
    tenantId,
    provider,
    appId,
    labels: { app: `${provider[0].toUpperCase()}${provider.slice(1)}App`, account: `${provider[0].toUpperCase()}${provider.slice(1)}User` },
  };
  const connectionId = randomUUID();
  await graph.write(
    'CREATE (:Connection {id: $connectionId, tenantId: $tenantId, provider: $provider, workspaceId: $appId})',
    { connectionId, tenantId, provider, appId },
    { tenantId },
  );
  await loadApp(graph, ref, connectionId, { id: appId, name: `${provider} app`, iconUrl: null, attributes: { plan: 'team' } });
  return { ...ref, connectionId };
}

/** (user email, account id, provider, app id, account label, current?) for every account of the tenant. */
const tuples = (tenantId: string) =>
  graph
    .read<{ t: [string, string, string, string, boolean, boolean] }>(
      `MATCH (u:User {tenantId: $tenantId})-[:HAS_ACCOUNT]->(a:UserAccount)-[:MEMBER_OF|FORMER_MEMBER_OF]->(w:SaaSApp)
     RETURN [u.email, a.id, a.provider, w.id, a:AlphaUser OR a:BetaUser, a.removedAt IS NULL] AS t ORDER BY t`,
      { tenantId },
    )
    .then((rows) => rows.map((r) => r.t));

describe('the provider-neutral write path', () => {
  it("joins two providers' accounts with the same email at one User, and keeps equal external ids apart", async () => {
    const tenant = `tenant-${randomUUID()}`;
    const alpha = await app(tenant, 'alpha', 'app-1');
    const beta = await app(tenant, 'beta', 'app-1'); // the same app id in another provider: a different app
    expect(await hasAccounts(graph, alpha)).toBe(false);
    await loadAccounts(graph, alpha, 'run-a', [row('u1', 'ada@acme.com', 'Ada', { seat: 'editor' }), row('u2', 'bob@acme.com')], {
      fresh: true,
    });
    await loadAccounts(graph, beta, 'run-b', [row('u1', 'ada@acme.com', 'Ada L.'), row('u9', 'eve@acme.com')], { fresh: true });

    expect(await tuples(tenant)).toEqual([
      ['ada@acme.com', 'alpha:app-1:u1', 'alpha', 'app-1', true, true],
      ['ada@acme.com', 'beta:app-1:u1', 'beta', 'app-1', true, true],
      ['bob@acme.com', 'alpha:app-1:u2', 'alpha', 'app-1', true, true],
      ['eve@acme.com', 'beta:app-1:u9', 'beta', 'app-1', true, true],
    ]);
    const [ada] = await graph.read<{ n: number }>(
      'MATCH (u:User {tenantId: $tenant, email: $e}) RETURN COUNT { (u)-[:HAS_ACCOUNT]->() } AS n',
      { tenant, e: 'ada@acme.com' },
    );
    expect(ada.n).toBe(2);
    const [attrs] = await graph.read<{ seat: string; plan: string }>(
      `MATCH (a:UserAccount {tenantId: $tenant, id: 'alpha:app-1:u1'})-[:MEMBER_OF]->(w) RETURN a.seat AS seat, w.plan AS plan`,
      { tenant },
    );
    expect(attrs).toEqual({ seat: 'editor', plan: 'team' });
    expect([await countCurrentMembers(graph, alpha), await countCurrentMembers(graph, beta)]).toEqual([2, 2]);
  });

  it('writes nothing for unchanged rows, and a cleanup in one provider leaves the other provider alone', async () => {
    const tenant = `tenant-${randomUUID()}`;
    const alpha = await app(tenant, 'alpha', 'shared');
    const beta = await app(tenant, 'beta', 'shared');
    const rows = [row('u1', 'ada@acme.com'), row('u2', 'bob@acme.com')];
    await loadAccounts(graph, alpha, 'run-1', rows, { fresh: true });
    await loadAccounts(graph, beta, 'run-1', rows, { fresh: true });
    // The first complete sync is each app's baseline: its accounts are the initial import, not joiners.
    await markSynced(graph, alpha, alpha.connectionId, true);
    await markSynced(graph, beta, beta.connectionId, true);
    expect(await loadAccounts(graph, alpha, 'run-2', rows)).toEqual({ written: 0, joined: 0, updated: 0, kept: 0 });

    // Alpha's next complete run lists only u1: bob leaves alpha, but keeps beta's account and his User.
    const removed = await cleanupMembers(graph, alpha, { keep: new Set(['u1']) }, await countCurrentMembers(graph, alpha), 0);
    expect(removed).toBe(1);
    expect(await tuples(tenant)).toEqual([
      ['ada@acme.com', 'alpha:shared:u1', 'alpha', 'shared', true, true],
      ['ada@acme.com', 'beta:shared:u1', 'beta', 'shared', true, true],
      ['bob@acme.com', 'alpha:shared:u2', 'alpha', 'shared', true, false],
      ['bob@acme.com', 'beta:shared:u2', 'beta', 'shared', true, true],
    ]);
    const changes = await graph.read<{ c: [string, string, string] }>(
      'MATCH (m:MembershipChange {tenantId: $tenant}) RETURN [m.provider, m.accountId, m.kind] AS c',
      { tenant },
    );
    expect(changes.map((r) => r.c)).toEqual([['alpha', 'alpha:shared:u2', 'LEFT']]);
  });

  it("moves no tenant version for a run's batches (Graph.forRun), whether they write or not; a plain write moves it", async () => {
    const tenant = `tenant-${randomUUID()}`;
    const alpha = await app(tenant, 'alpha', 'versioned');
    const rows = [row('u1', 'ada@acme.com'), row('u2', 'bob@acme.com')];
    await loadAccounts(graph, alpha, 'run-1', rows, { fresh: true });
    const version = await graph.tenantVersion(tenant);
    expect(version).toBeGreaterThan(0);
    // A run writes through forRun: its batches leave the tenant's cached answers; the run's end moves the version (ADR 0015).
    expect(await loadAccounts(graph.forRun, alpha, 'run-2', rows)).toEqual({ written: 0, joined: 0, updated: 0, kept: 0 });
    expect((await loadAccounts(graph.forRun, alpha, 'run-2', [rows[0], row('u2', 'bob@acme.com', 'Bob')])).written).toBe(1);
    expect(await graph.tenantVersion(tenant)).toBe(version);
    expect((await loadAccounts(graph, alpha, 'run-3', [rows[0], row('u2', 'bob@acme.com', 'Robert')])).written).toBe(1);
    expect(await graph.tenantVersion(tenant)).toBe(version! + 1);
  });

  it('moves a changed email to the right User and drops the User left with no account', async () => {
    const tenant = `tenant-${randomUUID()}`;
    const alpha = await app(tenant, 'alpha', 'a');
    await loadAccounts(graph, alpha, 'run-1', [row('u1', 'old@acme.com')], { fresh: true });
    const result = await loadAccounts(graph, alpha, 'run-2', [row('u1', 'new@acme.com')]);
    expect(result).toEqual({ written: 1, joined: 0, updated: 1, kept: 0 });
    await cleanupMembers(graph, alpha, { keep: new Set(['u1']) }, 1, result.updated);
    expect(await tuples(tenant)).toEqual([['new@acme.com', 'alpha:a:u1', 'alpha', 'a', true, true]]);
    expect(await graph.read('MATCH (u:User {tenantId: $tenant, email: $e}) RETURN u', { tenant, e: 'old@acme.com' })).toEqual([]);
  });

  it('keeps the address and person of a held account listed with its address unknown; a new one is unmanaged (ADR 0019, amendment 1)', async () => {
    const tenant = `tenant-${randomUUID()}`;
    const alpha = await app(tenant, 'alpha', 'a');
    await loadAccounts(graph, alpha, 'run-1', [row('u1', 'ada@acme.com', 'Ada')], { fresh: true });
    /** The row a source gives when its grant cannot read addresses: unmanaged, address unknown. */
    const unknown = (externalId: string, name: string): AccountRow => {
      const r = { ...row(externalId, 'x@x.example', name), email: null, emailRaw: null, unmanaged: 'NO_EMAIL' as const };
      return { ...r, emailUnknown: true, hash: accountDigest(r) };
    };
    const result = await loadAccounts(graph, alpha, 'run-2', [unknown('u1', 'Ada'), unknown('u2', 'Nobody')]);
    // Ada is unchanged (her digest is the one her address gave), so not written; u2 is created unmanaged.
    expect(result).toEqual({ written: 1, joined: 0, updated: 0, kept: 1 });
    const accounts = () =>
      graph.read<{ t: unknown[] }>(
        `MATCH (a:UserAccount {tenantId: $tenant}) OPTIONAL MATCH (u:User)-[:HAS_ACCOUNT]->(a)
       RETURN [a.externalId, a.email, a.emailRaw, a.unmanagedReason, u.email] AS t ORDER BY t`,
        { tenant },
      );
    expect((await accounts()).map((r) => r.t)).toEqual([
      ['u1', 'ada@acme.com', 'ADA@ACME.COM', null, 'ada@acme.com'],
      ['u2', null, null, 'NO_EMAIL', null],
    ]);
    // Without the mark, a missing address is a gone one: the account leaves its person (decision 2).
    const gone = { ...row('u1', 'x@x.example', 'Ada'), email: null, emailRaw: null, unmanaged: 'NO_EMAIL' as const };
    expect((await loadAccounts(graph, alpha, 'run-3', [{ ...gone, hash: accountDigest(gone) }])).kept).toBe(0);
    expect((await accounts()).map((r) => r.t)).toEqual([
      ['u1', null, null, 'NO_EMAIL', null],
      ['u2', null, null, 'NO_EMAIL', null],
    ]);
    expect(await staleSummaries(graph)).toEqual([]);
  });

  it('refuses a provider attribute that would overwrite a key the core owns', async () => {
    const tenant = `tenant-${randomUUID()}`;
    const alpha = await app(tenant, 'alpha', 'k');
    await loadAccounts(
      graph,
      alpha,
      'run-1',
      [row('u1', 'ada@acme.com', 'Ada', { id: 'hijack', tenantId: 'other', email: 'x@y.z', seat: 'owner' })],
      { fresh: true },
    );
    expect(await tuples(tenant)).toEqual([['ada@acme.com', 'alpha:k:u1', 'alpha', 'k', true, true]]);
    const [a] = await graph.read<{ seat: string }>(`MATCH (a:UserAccount {tenantId: $tenant, id: 'alpha:k:u1'}) RETURN a.seat AS seat`, {
      tenant,
    });
    expect(a.seat).toBe('owner');
  });

  it("keeps each User's stored summary (current, display name) with its accounts through joins, renames, leaving, moves and a purge", async () => {
    const tenant = `tenant-${randomUUID()}`;
    const alpha = await app(tenant, 'alpha', 'sum');
    const beta = await app(tenant, 'beta', 'sum');
    const summaries = async () =>
      (
        await graph.read<{ s: [string, boolean, string | null] }>(
          'MATCH (u:User {tenantId: $tenant}) RETURN [u.email, u.current, u.name] AS s ORDER BY u.email',
          { tenant },
        )
      ).map((r) => r.s);

    // The first name in code point order among current accounts: 'Ada' (beta) before 'ada' (alpha).
    await loadAccounts(graph, alpha, 'run-1', [row('u1', 'ada@acme.com', 'ada'), row('u2', 'bob@acme.com', 'Bob')], { fresh: true });
    await loadAccounts(graph, beta, 'run-1', [row('b1', 'ada@acme.com', 'Ada')], { fresh: true });
    expect(await summaries()).toEqual([
      ['ada@acme.com', true, 'Ada'],
      ['bob@acme.com', true, 'Bob'],
    ]);

    // Beta renames Ada after alpha's name: alpha's now comes first. Bob leaves alpha: in no app, no name.
    await loadAccounts(graph, beta, 'run-2', [row('b1', 'ada@acme.com', 'zed')]);
    await cleanupMembers(graph, alpha, { keep: new Set(['u1']) }, await countCurrentMembers(graph, alpha), 0);
    expect(await summaries()).toEqual([
      ['ada@acme.com', true, 'ada'],
      ['bob@acme.com', false, null],
    ]);

    // Bob rejoins under a new address: the account moves, the old User goes, the new one is current.
    const moved = await loadAccounts(graph, alpha, 'run-3', [row('u1', 'ada@acme.com', 'ada'), row('u2', 'robert@acme.com', 'Robert')]);
    await cleanupMembers(graph, alpha, { keep: new Set(['u1', 'u2']) }, await countCurrentMembers(graph, alpha), moved.updated);
    expect(await summaries()).toEqual([
      ['ada@acme.com', true, 'ada'],
      ['robert@acme.com', true, 'Robert'],
    ]);

    // Purging alpha leaves Ada with beta's account (and its name); Robert had only alpha's and goes.
    await purgeApp(graph, tenant, 'alpha', 'sum');
    expect(await summaries()).toEqual([['ada@acme.com', true, 'zed']]);
    expect(await staleSummaries(graph)).toEqual([]);
  });

  it('finds a User whose stored summary disagrees with its accounts (the check every integration suite ends with)', async () => {
    const tenant = `tenant-${randomUUID()}`;
    const alpha = await app(tenant, 'alpha', 'stale');
    await loadAccounts(graph, alpha, 'run-1', [row('u1', 'ada@acme.com', 'Ada')], { fresh: true });
    await graph.write("MATCH (u:User {tenantId: $tenant}) SET u.name = 'Wrong'", { tenant }, { tenantId: tenant });
    try {
      expect(await staleSummaries(graph)).toEqual([
        { tenantId: tenant, email: 'ada@acme.com', stored: { current: true, name: 'Wrong' }, derived: { current: true, name: 'Ada' } },
      ]);
    } finally {
      await graph.write("MATCH (u:User {tenantId: $tenant}) SET u.name = 'Ada'", { tenant }, { tenantId: tenant });
    }
  });

  it('gives Users written before summaries existed their summary at start, and leaves the rest as they are', async () => {
    const tenant = `tenant-${randomUUID()}`;
    const alpha = await app(tenant, 'alpha', 'old');
    // A graph as the previous release wrote it: Users without `current` or `name`.
    await graph.write(
      `MATCH (w:SaaSApp {tenantId: $tenant, id: 'old'})
       CREATE (:User {tenantId: $tenant, email: 'cur@acme.com', firstSeen: datetime()})-[:HAS_ACCOUNT]->
              (:UserAccount {tenantId: $tenant, id: 'alpha:old:1', provider: 'alpha', appId: 'old', name: 'Cur', firstSeen: datetime()})-[:MEMBER_OF]->(w)
       CREATE (:User {tenantId: $tenant, email: 'gone@acme.com', firstSeen: datetime()})-[:HAS_ACCOUNT]->
              (:UserAccount {tenantId: $tenant, id: 'alpha:old:2', provider: 'alpha', appId: 'old', name: 'Gone', firstSeen: datetime(),
                             removedAt: datetime()})-[:FORMER_MEMBER_OF]->(w)`,
      { tenant },
      { tenantId: tenant },
    );
    await loadAccounts(graph, alpha, 'run-1', [row('3', 'new@acme.com', 'New')]);
    await backfillUserSummaries(graph);
    const rows = await graph.read<{ s: [string, boolean, string | null] }>(
      'MATCH (u:User {tenantId: $tenant}) RETURN [u.email, u.current, u.name] AS s ORDER BY u.email',
      { tenant },
    );
    expect(rows.map((r) => r.s)).toEqual([
      ['cur@acme.com', true, 'Cur'],
      ['gone@acme.com', false, null],
      ['new@acme.com', true, 'New'],
    ]);
  });
});
