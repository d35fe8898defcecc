import { type NotionSandbox, startNotionSandbox } from '../../src/dev/notion-standin';

/**
 * The Notion stand-in in its own process, so the server's RSS and event loop are its own (as against Notion).
 * Commands come over IPC: seed, authorize, stats, resetStats; argv[2] is the JSON of the rate limit, if any.
 */
async function main() {
  const rateLimit = process.argv[2] ? (JSON.parse(process.argv[2]) as { requestsPerSecond: number }) : undefined;
  const sandbox: NotionSandbox = await startNotionSandbox({ clientId: 'bench', clientSecret: 'bench-secret', rateLimit });
  process.on('message', (msg: { id: number; op: string; args: Record<string, unknown> }) => {
    let result: unknown;
    try {
      if (msg.op === 'seed') result = { id: sandbox.seedWorkspace(msg.args as never).id };
      else if (msg.op === 'authorize') result = sandbox.authorize(msg.args as never);
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
