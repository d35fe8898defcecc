import { loadDemoSettings } from '../demo-settings';
import { startNotionSandbox } from './server';

/** Runs the Notion stand-in alone (e.g. `npm run sandbox`), seeded with one demo workspace. */
async function main() {
  const env = loadDemoSettings();
  const sandbox = await startNotionSandbox({
    port: env.NOTION_SANDBOX_PORT,
    host: env.NOTION_SANDBOX_HOST,
    clientId: process.env.NOTION_CLIENT_ID ?? 'demo-client-id',
    clientSecret: process.env.NOTION_CLIENT_SECRET ?? 'demo-client-secret',
  });
  const ws = sandbox.seedWorkspace({ name: 'Acme Corp', persons: 250, bots: 3 });
  process.stdout.write(`Notion stand-in on ${sandbox.url} with workspace "${ws.name}" (${ws.id})\n`);
}
void main();
