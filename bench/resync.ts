import type { App } from '../src/app';
import type { ConnectionRecord } from '../src/connections/connection.model';
import type { WriteCounters } from './lib/counters';
import { seconds } from './lib/stats';

/** A re-sync of an unchanged workspace: wall time, accounts written, and properties Neo4j says were set. */
export async function resync(app: App, connection: ConnectionRecord, counters: WriteCounters) {
  counters.reset();
  const t = performance.now();
  const run = await (await app.sync.start(connection, 'manual')).done;
  const s = seconds(t);
  if (run.status !== 'SUCCEEDED') throw new Error(`re-sync failed: ${run.error}`);
  return {
    seconds: s,
    accountsWritten: run.accountsWritten,
    memberProperties: counters.memberProperties,
    bookkeeping: new Map(counters.byStatement),
  };
}
