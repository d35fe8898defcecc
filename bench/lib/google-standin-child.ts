import { type GoogleSandbox, startGoogleSandbox } from '../../src/dev/google-standin';

/**
 * The Google stand-in in its own process, so the server's CPU and memory are its own (as against Google).
 * Commands come over IPC: seed, authorize, stats, resetStats; argv[2] is the JSON of the rate limit, if any.
 */
async function main() {
  const rateLimit = process.argv[2] ? (JSON.parse(process.argv[2]) as { requestsPerSecond: number }) : undefined;
  const sandbox: GoogleSandbox = await startGoogleSandbox({ clientId: 'bench', clientSecret: 'bench-secret', rateLimit });
  process.on('message', (msg: { id: number; op: string; args: Record<string, unknown> }) => {
    let result: unknown;
    try {
      if (msg.op === 'seed') {
        const started = Date.now();
        const c = sandbox.seedCustomer(msg.args as never);
        result = { id: c.id, users: c.users.length, seedMs: Date.now() - started };
      } else if (msg.op === 'authorize') result = sandbox.authorize({ admin: true, ...msg.args } as never);
      else if (msg.op === 'stats') result = sandbox.stats();
      else if (msg.op === 'resetStats') result = sandbox.resetStats();
      process.send?.({ id: msg.id, result });
    } catch (err) {
      process.send?.({ id: msg.id, error: (err as Error).message });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready: sandbox.url });
}
void main();
