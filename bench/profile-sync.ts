import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { categorize, type CpuProfile } from './lib/cpu-profile';
import { entraFirstSync } from './entra-directory';
import { entraBenchEnv, startEntraStandinProcess } from './lib/entra-standin';
import { startWorker } from '../src/worker';
import { createLogger } from '../src/lib/logger';
import { benchEnv, startBenchApp, startDb } from './lib/services';
import { startStandinProcess } from './lib/standin';
import { firstSync } from './sync-throughput';

/**
 * Where a first sync's time goes, Notion against Entra (figure 10's ratio): `npm run bench:profile-sync [-- --users 50000]`.
 * The API runs with SYNC_ROLE=api and a worker runs on this thread, so the run happens, under one V8 CPU profile per provider; the
 * stand-ins run in their own processes. Prints wall time, CPU by layer and the heaviest functions for each, and
 * writes the profiles to .data/profiles/ (open them in Chrome DevTools).
 */
const argOf = (name: string, d: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : d);
const log = (s: string) => process.stderr.write(`[profile-sync ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

async function main() {
  const users = argOf('--users', 50_000);
  const outDir = path.join(__dirname, '../.data/profiles');
  mkdirSync(outDir, { recursive: true });
  const db = await startDb('.data/neo4j-profile-sync');
  const notion = await startStandinProcess();
  const entra = await startEntraStandinProcess();
  // The API asks (SYNC_ROLE=api), a worker on this thread claims and runs: the run is on the profiled thread.
  const env = benchEnv(db.uri, notion.url, { ...entraBenchEnv(entra), SYNC_ROLE: 'api' });
  const api = await startBenchApp(env);
  const worker = await startWorker({ ...env, SYNC_ROLE: 'worker' }, createLogger('error'));
  const app = Object.assign(Object.create(api) as typeof api, { sync: worker.sync });
  const session = new Session();
  session.connect();
  try {
    log('warm-up: an untimed first sync of each (JIT of Neo4j and Node)');
    await firstSync(app, notion, users, 'warm-notion');
    await entraFirstSync(app, entra, users, 'warm-entra');
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    const runs: [string, () => Promise<{ seconds: number }>][] = [
      ['notion', () => firstSync(app, notion, users, 'prof-notion')],
      ['entra', () => entraFirstSync(app, entra, users, 'prof-entra')],
    ];
    for (const [name, run] of runs) {
      await session.post('Profiler.start');
      const cpu0 = process.cpuUsage();
      const { seconds } = await run();
      const cpu = process.cpuUsage(cpu0);
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
      writeFileSync(path.join(outDir, `sync-${name}.cpuprofile`), JSON.stringify(profile));
      const split = categorize(profile, 25);
      const busy = Object.entries(split.byCategory).filter(([c]) => c !== 'idle');
      const busyMs = busy.reduce((s, [, ms]) => s + ms, 0);
      process.stdout.write(
        `\n## ${name}: ${users} users, ${seconds.toFixed(2)} s wall, process CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms ` +
          `(user ${(cpu.user / 1000).toFixed(0)}, system ${(cpu.system / 1000).toFixed(0)}), sampled busy ${busyMs.toFixed(0)} ms\n`,
      );
      for (const [c, ms] of busy.sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${ms.toFixed(0).padStart(7)} ms  ${c}\n`);
      process.stdout.write('  heaviest functions (self):\n');
      for (const f of split.topFunctions) process.stdout.write(`  ${f.ms.toFixed(0).padStart(7)} ms  ${f.name}\n`);
    }
  } finally {
    session.disconnect();
    await worker.close();
    await api.close();
    await notion.close();
    await entra.close();
    await db.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
