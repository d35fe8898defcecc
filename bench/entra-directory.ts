import type { App } from '../src/app';
import type { ConnectionRecord } from '../src/connections/connection.model';
import type { WriteCounters } from './lib/counters';
import type { EntraStandin } from './lib/entra-standin';
import { seconds } from './lib/stats';

/**
 * Figure 10: one first sync of a freshly seeded Entra directory of `n` users (`admin@` included), end to end
 * (consent code to run finished: organisation, domains, users, Global Administrators, employment).
 */
export async function entraFirstSync(app: App, entra: EntraStandin, n: number, label: string) {
  const seeded = await entra.seedTenant({ domain: `${label}-${n}.example.com`, users: n });
  const tenant = `${label}-${n}-${seeded.id}`;
  const t = performance.now();
  const svc = app.services.connectionService;
  const auth = await svc.connect(tenant, 'microsoft_entra_id');
  const connection = await svc.complete(tenant, await entra.authorize({ tenantId: seeded.id }), auth.state);
  await app.sync.idle();
  const s = seconds(t);
  const run = (await app.services.runs.latestFor([connection.id])).get(connection.id) ?? null;
  if (run?.status !== 'SUCCEEDED' || run.accountsWritten !== seeded.users)
    throw new Error(`Entra first sync of ${n}: ${run?.status} ${run?.accountsWritten} written ${run?.error ?? ''}`);
  return { seconds: s, rate: seeded.users / s, connection };
}

/**
 * Figure 10's delta re-sync of the unchanged directory (and figure 4 for Entra): the run resumes from the delta link
 * the first sync kept. Requests to Graph counted at the stand-in; writes counted at Neo4j.
 */
export async function entraDeltaResync(app: App, entra: EntraStandin, connection: ConnectionRecord, counters: WriteCounters) {
  const current = (await app.services.connections.get(connection.tenantId, connection.id)) ?? connection;
  const before = await entra.graphRequests();
  counters.reset();
  const t = performance.now();
  const run = await (await app.sync.start(current, 'manual')).done;
  const s = seconds(t);
  if (run.status !== 'SUCCEEDED') throw new Error(`Entra delta re-sync failed: ${run.error}`);
  return {
    seconds: s,
    graphRequests: (await entra.graphRequests()) - before,
    accountsWritten: run.accountsWritten,
    memberProperties: counters.memberProperties,
    warning: run.warning ?? null,
  };
}
