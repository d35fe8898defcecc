import { startEntraSandbox } from '../../src/dev/entra-standin';
import { serveIpc } from './ipc-child';

/**
 * The Microsoft Entra ID stand-in (HTTPS, its own CA) in its own process, so the server's CPU is its own (as against
 * Microsoft). Commands over IPC: seed, authorize, graphRequests (requests to Graph's /v1.0 so far).
 */
async function main() {
  const sandbox = await startEntraSandbox({ id: 'bench', secret: 'bench-secret', redirectUris: ['http://127.0.0.1/entra-cb'] });
  serveIpc({ url: sandbox.url, caPem: sandbox.caPem }, (op, args) => {
    if (op === 'seed') {
      const started = Date.now();
      const t = sandbox.seedTenant(args as never);
      return { id: t.id, users: t.users.length, seedMs: Date.now() - started };
    }
    if (op === 'authorize') return sandbox.authorize({ admin: true, ...args } as never);
    if (op === 'graphRequests') return sandbox.requests.filter((r) => r.path.startsWith('/v1.0/')).length;
    throw new Error(`unknown op ${op}`);
  });
}
void main();
