import 'reflect-metadata';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { OAuthStateRepository } from '../src/connections/oauth-state.repository';
import { createCore } from '../src/core';
import { createLogger } from '../src/lib/logger';
import { ConnectionService } from '../src/services/connection.service';
import { SyncThread } from '../src/sync/sync-thread';
import { TenantRepository } from '../src/tenants/tenant.repository';
import { benchEnv, REDIRECT_URI, startDb } from './lib/services';
import { startStandinProcess } from './lib/standin';

/**
 * Event-loop delay of the API's thread while a 50k-member workspace has its first sync (unpaced), with the sync
 * in that thread (a SyncLoop that claims, as before ADR 0012) and in a worker thread (SyncThread, SYNC_ROLE=all), in one
 * run against one Neo4j. perf_hooks.monitorEventLoopDelay at 10 ms resolution; a third row measures the thread
 * idle. `-- --members 10000` for a quicker run. Prints a Markdown table.
 */
async function main() {
  const arg = process.argv.indexOf('--members');
  const members = arg > 0 ? Number(process.argv[arg + 1]) : 50_000;
  const db = await startDb('.data/neo4j-event-loop');
  const notion = await startStandinProcess();
  const env = benchEnv(db.uri, notion.url);
  const logger = createLogger('error');
  const core = await createCore(env, logger);
  // The API thread's side of SYNC_ROLE=all: it only asks; the thread claims and runs (ADR 0015).
  const asking = await createCore(env, logger, { claims: false });
  const threaded = await SyncThread.start(env, logger, core.metrics);
  asking.sync.claimIn(threaded);
  const inProcess = core.sync;
  const rows: string[] = [];
  try {
    rows.push(await measure('idle (no sync)', async () => new Promise((r) => setTimeout(r, 5000))));
    for (const [label, sync] of [
      ['sync in the API thread (before)', inProcess],
      ['sync in a worker thread (SYNC_ROLE=all)', asking.sync],
    ] as const) {
      const svc = new ConnectionService(
        core.graph,
        core.connections,
        core.credentials,
        new OAuthStateRepository(core.graph),
        core.connectors,
        sync,
        new TenantRepository(core.graph),
      );
      const ws = await notion.seedWorkspace({ name: label, persons: members });
      const tenant = `event-loop-${Date.now()}`;
      rows.push(
        await measure(`${label}: ${members.toLocaleString('en')}-member first sync`, async () => {
          const auth = await svc.connect(tenant, 'notion');
          await svc.complete(tenant, await notion.authorize({ workspaceId: ws.id, redirectUri: REDIRECT_URI }), auth.state);
          await sync.idle();
        }),
      );
    }
    process.stdout.write(
      [
        '',
        '| API thread, while | wall s | event-loop delay p50 / p99 / max ms | mean ms |',
        '| --- | ---: | ---: | ---: |',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await threaded.stop();
    await core.sync.stop();
    await asking.graph.close();
    await core.graph.close();
    await notion.close();
    await db.stop();
  }
}

async function measure(label: string, work: () => Promise<unknown>): Promise<string> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  const started = Date.now();
  h.enable();
  await work();
  h.disable();
  const ms = (ns: number) => (ns / 1e6).toFixed(0);
  return `| ${label} | ${((Date.now() - started) / 1000).toFixed(1)} | ${ms(h.percentile(50))} / ${ms(h.percentile(99))} / ${ms(h.max)} | ${ms(h.mean)} |`;
}

void main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
