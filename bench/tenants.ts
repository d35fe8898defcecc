import { SignJWT } from 'jose';
import type { App } from '../src/app';
import { encodeCursor } from '../src/graphql/cursor';
import { loadTest, type LoadResult, RandomMix } from './lib/load';
import { benchRawEnv, connect, type Db, startBenchApp } from './lib/services';
import { loadEnv } from '../src/config/env';
import { startStandinProcess } from './lib/standin';

/** Figure 9's sizes: tenants read, members each, tenants syncing meanwhile, clients, seconds per phase. */
export interface TenantsConfig {
  tenants: number;
  members: number;
  syncing: number;
  clients: number;
  seconds: number;
}

export interface TenantsResult {
  idle: LoadResult & { hitRate: number };
  syncing: LoadResult & { hitRate: number };
  /** Only the repeated reads (each tenant's first users page and members page) of tenants not syncing, while the syncs run. */
  repeatedWhileSyncing: LoadResult & { hitRate: number };
  syncsFinished: number;
}

const ACCOUNT = 'id name email workspace { id name }';

/**
 * Figure 9, many tenants: `tenants` × `members` (one workspace each, first-synced through OAuth), then 16
 * clients read a varied mix across all tenants for `seconds`: (a) idle; (b) while `syncing` other tenants'
 * paced first syncs (Notion at 3 requests/s, as in production) run back to back; then (c) only the repeated
 * reads while the syncs still run, for the response cache's hit rate. The server is the default one (cache
 * on, 30 s) with SYNC_ROLE=all, set here rather than left to the default: the sync loop claims and runs in the process's sync
 * thread (ADR 0015), so the reads of (b) meet the syncs only through Neo4j and the 2 cores (issue 22's figure 9).
 */
export async function manyTenants(db: Db, cfg: TenantsConfig, log: (s: string) => void): Promise<TenantsResult> {
  const notion = await startStandinProcess();
  const raw = benchRawEnv(db.uri, notion.url, { NOTION_REQUESTS_PER_SECOND: '3', SYNC_ROLE: 'all' });
  const app = await startBenchApp(loadEnv(raw));
  const stamp = Date.now();
  try {
    const tenants: { id: string; token: string; emails: string[]; wsName: string }[] = [];
    const sign = (t: string) =>
      new SignJWT({ tenant_id: t })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('2h')
        .sign(new TextEncoder().encode(raw.AUTH_JWT_SECRET));
    log(`figure 9: seeding ${cfg.tenants} tenants × ${cfg.members} members (paced first syncs, 4 at a time)`);
    for (let i = 0; i < cfg.tenants; i++) {
      const id = `fig9-${stamp}-t${i}`;
      const wsName = `Fig9 ${i} ${stamp}`;
      const ws = await notion.seedWorkspace({ name: wsName, persons: cfg.members });
      await connect(app, notion, id, ws.id);
      tenants.push({ id, token: await sign(id), emails: [], wsName });
    }
    await app.sync.idle();
    for (const t of tenants)
      t.emails = (await app.graph.read<{ e: string }>('MATCH (u:User {tenantId: $t}) RETURN u.email AS e', { t: t.id })).map((r) => r.e);

    const auth = (t: (typeof tenants)[number]) => ({ authorization: `Bearer ${t.token}` });
    const repeated = tenants.flatMap((t) => [
      {
        body: {
          query: `{ users(first: 50) { edges { node { email name accounts { ${ACCOUNT} } } } pageInfo { hasNextPage endCursor } } }`,
        },
        headers: auth(t),
      },
      {
        body: {
          query: `query($n: String!) { workspaces(filter: { nameContains: $n }) { name members(first: 50) { edges { node { email name } } pageInfo { endCursor } } } }`,
          variables: { n: t.wsName },
        },
        headers: auth(t),
      },
    ]);
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
    const varied = tenants.flatMap((t) =>
      Array.from({ length: 50 }, (_, i) => {
        const email = pick(t.emails);
        switch (i % 3) {
          case 0:
            return {
              body: {
                query: `query($a: String) { users(first: 50, after: $a) { edges { node { email name accounts { ${ACCOUNT} } } } pageInfo { hasNextPage endCursor } } }`,
                variables: { a: encodeCursor('users:EMAIL:ASC', JSON.stringify([email, email])) },
              },
              headers: auth(t),
            };
          case 1:
            return {
              body: {
                query: `query($s: String!) { users(first: 20, filter: { emailContains: $s }) { edges { node { email name } } } }`,
                variables: { s: email.slice(0, 4) },
              },
              headers: auth(t),
            };
          default:
            return {
              body: {
                query: `query($e: String!) { user(email: $e) { email name accounts(includeRemoved: true) { ${ACCOUNT} current } } }`,
                variables: { e: email },
              },
              headers: auth(t),
            };
        }
      }),
    );
    // Half repeated reads, half varied ones (random cursors, searches, one person).
    const mix = new RandomMix([...varied, ...Array.from({ length: varied.length }, (_, i) => repeated[i % repeated.length])]);
    const url = `${app.url}/graphql`;
    const counted = async (body: RandomMix) => {
      const before = cacheCounts(app);
      const res = await loadTest(url, body, {}, cfg.clients, cfg.seconds);
      const after = cacheCounts(app);
      const hits = (await after).hit - (await before).hit;
      const misses = (await after).miss - (await before).miss;
      return { ...res, hitRate: hits / Math.max(1, hits + misses) };
    };
    // Warm the cache for the repeated reads, as a frontend would have.
    await loadTest(url, new RandomMix(repeated), {}, cfg.clients, 3);

    log('figure 9 (a): idle');
    const idle = await counted(mix);
    log(
      `  ${Math.round(idle.rps)} req/s, p50 ${idle.p50} ms, p99 ${idle.p99} ms, hits ${(100 * idle.hitRate).toFixed(1)} %, errors ${idle.graphqlErrors}`,
    );

    let stop = false;
    let syncsFinished = 0;
    const syncers = Array.from({ length: cfg.syncing }, async (_, s) => {
      for (let round = 0; !stop; round++) {
        const ws = await notion.seedWorkspace({ name: `Fig9 sync ${s}.${round} ${stamp}`, persons: cfg.members });
        const conn = await connect(app, notion, `fig9-${stamp}-syncing${s}`, ws.id);
        while (!stop) {
          const run = (await app.services.runs.latestFor([conn.id])).get(conn.id);
          if (run && run.status !== 'RUNNING') break;
          await new Promise((r) => setTimeout(r, 250));
        }
        syncsFinished++;
      }
    });
    await new Promise((r) => setTimeout(r, 2_000)); // the syncs are past OAuth and writing
    log(`figure 9 (b): while ${cfg.syncing} other tenants' paced syncs run`);
    const syncing = await counted(mix);
    log(
      `  ${Math.round(syncing.rps)} req/s, p50 ${syncing.p50} ms, p99 ${syncing.p99} ms, hits ${(100 * syncing.hitRate).toFixed(1)} %, errors ${syncing.graphqlErrors}`,
    );
    const repeatedWhileSyncing = await counted(new RandomMix(repeated));
    log(`  repeated reads only: hits ${(100 * repeatedWhileSyncing.hitRate).toFixed(1)} %`);
    stop = true;
    await Promise.all(syncers);
    await app.sync.idle();
    return { idle, syncing, repeatedWhileSyncing, syncsFinished };
  } finally {
    await app.close();
    await notion.close();
  }
}

/** The response cache's hit and miss counts from the app's metrics. */
async function cacheCounts(app: App): Promise<{ hit: number; miss: number }> {
  const text = await app.metrics.registry.metrics();
  const count = (result: string) =>
    Number(text.match(new RegExp(`^layer_graphql_response_cache_total\\{result="${result}"\\} (\\d+)`, 'm'))?.[1] ?? 0);
  return { hit: count('hit'), miss: count('miss') };
}
