import 'reflect-metadata';
import path from 'node:path';
import { nativeStacks } from './stacks';

/**
 * One API server built from a source tree (argv[2]: its root; this repo's or another commit's worktree),
 * configured by argv[3] (raw environment variables as JSON). Sends `{ ready: url }` over IPC and stops when
 * the parent disconnects. Lets one benchmark run measure two builds side by side (figure 6, `--base`).
 */
async function main() {
  const [root, rawEnv] = process.argv.slice(2);
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { startApp } = require(path.join(root, 'src/app')) as typeof import('../../src/app');
  const { loadEnv } = require(path.join(root, 'src/config/env')) as typeof import('../../src/config/env');
  const { createLogger } = require(path.join(root, 'src/lib/logger')) as typeof import('../../src/lib/logger');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const app = await startApp(loadEnv(JSON.parse(rawEnv) as Record<string, string>), createLogger('error'));
  nativeStacks();
  process.send!({ ready: app.url });
  // The parent asks for this process's CPU time (µs, user + system) to divide by the requests it sent.
  process.on('message', (m: { cpu?: boolean }) => {
    if (m.cpu) process.send!({ cpu: process.cpuUsage() });
  });
  process.on('disconnect', () => {
    void app.close().finally(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`server child failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
