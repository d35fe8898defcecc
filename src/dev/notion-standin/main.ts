import { startNotionSandbox } from './server';

/** Runs the Notion stand-in alone (e.g. `npm run sandbox`), seeded with one demo workspace. */
async function main() {
  const sandbox = await startNotionSandbox({
    port: Number(process.env.NOTION_SANDBOX_PORT ?? 4100),
    host: process.env.NOTION_SANDBOX_HOST ?? '127.0.0.1',
    clientId: process.env.NOTION_CLIENT_ID ?? 'demo-client-id',
    clientSecret: process.env.NOTION_CLIENT_SECRET ?? 'demo-client-secret',
  });
  const ws = sandbox.seedWorkspace({ name: 'Acme Corp', persons: 250, bots: 3 });
  process.stdout.write(`Notion stand-in on ${sandbox.url} with workspace "${ws.name}" (${ws.id})\n`);
}
void main();
