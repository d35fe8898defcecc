import type { App } from '../src/app';
import { connect } from './lib/services';
import type { Standin } from './lib/standin';
import { seconds } from './lib/stats';

/** One first sync of a freshly seeded workspace of `n` members, end to end (OAuth code exchange to run finished). */
export async function firstSync(app: App, notion: Standin, n: number, label: string) {
  const ws = await notion.seedWorkspace({ name: `${label} ${n}`, persons: n });
  const tenant = `${label}-${n}-${ws.id}`;
  const t = performance.now();
  const connection = await connect(app, notion, tenant, ws.id);
  await app.sync.idle();
  const s = seconds(t);
  const run = (await app.services.runs.latestFor([connection.id])).get(connection.id) ?? null;
  if (run?.status !== 'SUCCEEDED' || run.accountsWritten !== n)
    throw new Error(`first sync of ${n}: ${run?.status} ${run?.accountsWritten} written ${run?.error ?? ''}`);
  return { seconds: s, rate: n / s, connection, tenant, workspaceId: ws.id, run };
}
