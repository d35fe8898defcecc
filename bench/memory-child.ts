import 'reflect-metadata';
import { benchEnv, rssSampler, startBenchApp } from './lib/services';

/**
 * The server alone in a fresh process: starts the app, settles, then connects one workspace (its code comes
 * from the parent) and samples RSS every 50 ms until the first sync ends. Prints {baselineMb, peakMb, members}.
 */
async function main() {
  const { dbUri, notionUrl, tenant, code } = JSON.parse(process.argv[2]) as {
    dbUri: string;
    notionUrl: string;
    tenant: string;
    code: string;
  };
  const app = await startBenchApp(benchEnv(dbUri, notionUrl));
  const gc = (global as { gc?: () => void }).gc;
  await new Promise((r) => setTimeout(r, 500));
  gc?.();
  const baseline = process.memoryUsage().rss;
  const sampler = rssSampler(50);
  const svc = app.services.connectionService;
  const auth = await svc.connect(tenant, 'notion');
  const connection = await svc.complete(tenant, code, auth.state);
  await app.sync.idle();
  const peak = sampler.stop();
  const run = (await app.services.runs.latestFor([connection.id])).get(connection.id);
  await app.close();
  process.stdout.write(
    JSON.stringify({ baselineMb: baseline / 2 ** 20, peakMb: peak / 2 ** 20, members: run?.accountsWritten ?? 0, status: run?.status }),
  );
}
void main();
