import { execSync } from 'node:child_process';
import path from 'node:path';
import { bearerFor, checkQuery, measure, queries } from './api';
import { benchRawEnv, startServerProcess } from './lib/services';
import { summarize } from './lib/stats';
import type { ResultRow } from './lib/table';

/**
 * Figure 6 with the response cache off, for two builds in one run (`npm run bench -- --only 6 --base DIR`):
 * DIR is a worktree of the commit before the read-path work, with its own `npm ci`. Both servers run in
 * child processes, configured alike, over the same seeded tenant; each round measures them in turn
 * (alternating which goes first), so the machine's noise falls on both and the ratio is what counts. Each server's
 * CPU time per request is reported too (noise moves it far less than throughput). Both format stacks natively,
 * as production does (bench/lib/stacks.ts).
 */
export async function compareUncached(
  dbUri: string,
  notionUrl: string,
  seeded: { tenantId: string; workspaceName: string },
  baseRoot: string,
  opts: { seconds: number; runs: number; settle: () => Promise<void>; log: (s: string) => void; role?: string },
): Promise<ResultRow[]> {
  const raw = benchRawEnv(dbUri, notionUrl, { API_RESPONSE_CACHE_SECONDS: '0', SYNC_ROLE: opts.role ?? 'all' });
  const baseName = execSync('git rev-parse --short HEAD', { cwd: baseRoot, encoding: 'utf8' }).trim();
  const builds = [
    { name: `base ${baseName}`, server: await startServerProcess(path.resolve(baseRoot), raw) },
    { name: 'ours', server: await startServerProcess(path.join(__dirname, '..'), raw) },
  ];
  const headers = await bearerFor(raw.AUTH_JWT_SECRET, seeded.tenantId);
  const rows: ResultRow[] = [];
  try {
    const q = queries(seeded.tenantId, seeded.workspaceName).ours;
    for (const which of ['users', 'members'] as const) {
      const rps = builds.map(() => [] as number[]);
      const p99 = builds.map(() => [] as number[]);
      const cpu = builds.map(() => [] as number[]);
      for (const b of builds) await checkQuery(`${b.server.url}/graphql`, headers, q[which]);
      for (let r = 0; r < opts.runs; r++) {
        const order = r % 2 === 0 ? [0, 1] : [1, 0];
        for (const i of order) {
          const cpu0 = await builds[i].server.cpuMicros();
          const res = await measure(`${builds[i].server.url}/graphql`, headers, q[which], opts.seconds);
          cpu[i].push(((await builds[i].server.cpuMicros()) - cpu0) / Math.max(1, res.total));
          await opts.settle();
          if (res.non2xx || res.errors) opts.log(`  ${builds[i].name}: non-2xx ${res.non2xx}, errors ${res.errors}`);
          rps[i].push(res.rps);
          p99[i].push(res.p99);
          opts.log(
            `  ${which} uncached, ${builds[i].name}: ${Math.round(res.rps)} req/s, p50 ${res.p50} ms, p99 ${res.p99} ms, server CPU ${Math.round(cpu[i].at(-1)!)} µs/request`,
          );
        }
      }
      const label = which === 'users' ? 'users(first: 50) with accounts and workspaces' : 'workspace.members(first: 50)';
      for (const [i, b] of builds.entries()) {
        rows.push({
          figure: '6',
          metric: `${label}, response cache off: ${b.name}`,
          value: summarize(rps[i]),
          unit: 'req/s',
          target: '–',
          pass: null,
        });
        rows.push({
          figure: '6',
          metric: `${label}, response cache off: ${b.name} p99`,
          value: summarize(p99[i]),
          unit: 'ms',
          target: i === 1 ? '≤ 50 ms' : '–',
          pass: i === 1 ? summarize(p99[i]).median <= 50 : null,
        });
        rows.push({
          figure: '6',
          metric: `${label}, response cache off: ${b.name} server CPU per request`,
          value: summarize(cpu[i]),
          unit: 'µs',
          target: '–',
          pass: null,
        });
      }
      const ratio = summarize(rps[1].map((x, k) => x / rps[0][k]));
      rows.push({
        figure: '6',
        metric: `${label}, response cache off: ours ÷ ${builds[0].name} (same round)`,
        value: ratio,
        unit: '×',
        target: '≥ 2×',
        pass: ratio.median >= 2,
      });
    }
  } finally {
    for (const b of builds) await b.server.close();
  }
  return rows;
}
