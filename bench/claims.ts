import 'reflect-metadata';
import { ensureConstraints } from '../src/graph/constraints';
import { connectGraph, type Graph, UNSEEN } from '../src/graph/graph';
import { SyncQueue } from '../src/sync/sync-queue.repository';
import { startDb } from './lib/services';

/** The default SYNC_CRON window (6 hours) and what it needs: every connection once, ~9.3 runs/s at 200,000. */
const WINDOW_S = 6 * 3600;
const KEY = 'bench-key';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/**
 * Figure 12 (issue 22, ADR 0015): the sync loop's claim at scale. `connections` (default 200,000, docs/scale.md's
 * 100k tenants with two each) are spread over one window in Neo4j, each with a credential, as the loop sees them.
 * (a) The idle tick: the claim statement when nothing is due (what every loop runs every second), p50/p99.
 * (b) Claim capacity: the slots are re-based so `rate` connections come due per second (far above the window's
 * need), and 1, 2 and 4 loops claim (SYNC_CONCURRENCY 4) and release at once (a run of no length), for
 * `seconds` each: claims per second sustained, and the claim statement's p50/p99 under that contention.
 * `-- --connections 20000 --seconds 10` for a quick run. Prints a Markdown table.
 */
async function main() {
  const n = arg('connections', 200_000);
  const seconds = arg('seconds', 20);
  const rate = arg('rate', 400);
  const db = await startDb('.data/neo4j-claims');
  const graph = connectGraph(db.uri, 'neo4j', 'neo4j', 'neo4j');
  try {
    await ensureConstraints(graph);
    await seed(graph, n);
    const rows: string[] = [];
    await rebase(graph, n, n / WINDOW_S, 60); // the window's real rate, starting a minute ahead: nothing is due
    const idle = await timed(() => claimOnce(new SyncQueue(graph), 'idle'), 50);
    rows.push(`| idle tick (nothing due), 1 loop | – | ${ms(idle, 50)} | ${ms(idle, 99)} |`);
    for (const loops of [1, 2, 4]) {
      await rebase(graph, n, rate, 0);
      const latencies: number[] = [];
      let claimed = 0;
      const until = Date.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: loops }, async (_, l) => {
          const queue = new SyncQueue(graph);
          while (Date.now() < until) {
            const t = performance.now();
            const got = await claimOnce(queue, `loop-${l}`);
            latencies.push(performance.now() - t);
            claimed += got.length;
            await Promise.all(got.map((c) => queue.release(c.connection.id, c.run.id, new Date(Date.now() + WINDOW_S * 1000))));
            if (got.length === 0) await new Promise((r) => setTimeout(r, 50));
          }
        }),
      );
      rows.push(
        `| ${loops} loop${loops > 1 ? 's' : ''} | ${(claimed / seconds).toFixed(1)} | ${ms(latencies, 50)} | ${ms(latencies, 99)} |`,
      );
    }
    process.stdout.write(
      [
        '',
        `Figure 12: ${n.toLocaleString('en')} connections over one 6-hour window (needs ${(n / WINDOW_S).toFixed(1)} runs/s); due rate ${rate}/s, ${seconds} s per row`,
        '',
        '| loops claiming | claims/s | claim p50 ms | claim p99 ms |',
        '| --- | ---: | ---: | ---: |',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await graph.close();
    await db.stop();
  }
}

function claimOnce(queue: SyncQueue, owner: string) {
  return queue.claim({ owner, limit: 4, leaseMs: 120_000, providers: ['notion'], keyIds: [KEY], scheduled: true, only: null });
}

async function timed(work: () => Promise<unknown>, times: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await work();
    out.push(performance.now() - t);
  }
  return out;
}

const ms = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
};

/** Creates the connections (100k tenants' worth: two per tenant) and their credentials, in chunks. */
async function seed(graph: Graph, n: number): Promise<void> {
  for (let from = 0; from < n; from += 10_000) {
    await graph.write(
      `UNWIND range($from, $to - 1) AS i
       CREATE (c:Connection {id: 'bench-' + i, tenantId: 'bench-tenant-' + (i / 2), provider: 'notion', workspaceId: 'ws-' + i,
               status: 'CONNECTED', memberAccess: 'FULL', createdAt: datetime(), updatedAt: datetime()})
       CREATE (c)-[:HAS_CREDENTIAL]->(:Credential {connectionId: c.id, tenantId: c.tenantId, keyId: $key})`,
      { from, to: Math.min(n, from + 10_000), key: KEY },
      UNSEEN,
    );
  }
}

/** Spreads every slot `1/rate` seconds apart from now + `aheadS`, and clears leases and requests. */
async function rebase(graph: Graph, n: number, rate: number, aheadS: number): Promise<void> {
  for (let from = 0; from < n; from += 20_000) {
    await graph.write(
      `UNWIND range($from, $to - 1) AS i
       MATCH (c:Connection {id: 'bench-' + i})
       SET c.dueAt = datetime() + duration({milliseconds: toInteger(($ahead + i / $rate) * 1000)})
       REMOVE c.leaseOwner, c.leaseRunId, c.leaseExpiresAt, c.leaseClaimedAt, c.leaseServesDue, c.requestedAt`,
      { from, to: Math.min(n, from + 20_000), rate, ahead: aheadS },
      UNSEEN,
    );
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
