import { type GoogleSandbox, startGoogleSandbox } from '../../src/dev/google-standin';
import { serveIpc } from './ipc-child';

/**
 * The Google stand-in in its own process, so the server's CPU and memory are its own (as against Google).
 * Commands come over IPC: seed, authorize, stats, resetStats; argv[2] is the JSON of the rate limit, if any.
 */
async function main() {
  const rateLimit = process.argv[2] ? (JSON.parse(process.argv[2]) as { requestsPerSecond: number }) : undefined;
  const sandbox: GoogleSandbox = await startGoogleSandbox({ clientId: 'bench', clientSecret: 'bench-secret', rateLimit });
  serveIpc(sandbox.url, (op, args) => {
    if (op === 'seed') {
      const started = Date.now();
      const c = sandbox.seedCustomer(args as never);
      return { id: c.id, users: c.users.length, seedMs: Date.now() - started };
    }
    if (op === 'authorize') return sandbox.authorize({ admin: true, ...args } as never);
    if (op === 'stats') return sandbox.stats();
    if (op === 'resetStats') return sandbox.resetStats();
    throw new Error(`unknown op ${op}`);
  });
}
void main();
