import { benchEnv, startBenchApp, startDb } from './lib/services';
import { startStandinProcess } from './lib/standin';
import { batchCurve } from './batch-curve';
import { firstSync } from './sync-throughput';

async function main() {
  const db = await startDb();
  const notion = await startStandinProcess();
  const warm = await startBenchApp(benchEnv(db.uri, notion.url));
  await firstSync(warm, notion, 50_000, 'warm');
  await firstSync(warm, notion, 50_000, 'warm');
  await warm.close();
  await batchCurve(db, notion, { members: 50_000, sizes: process.argv[2].split(',').map(Number), concurrency: process.argv[3].split(',').map(Number), runs: 1 });
  await notion.close();
  await db.stop();
}
void main();
