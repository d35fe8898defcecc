import { loadDemoSettings } from '../demo-settings';
import { startGoogleSandbox } from './server';

/** Runs the Google stand-in alone (`npm run sandbox:google`), seeded with one demo Workspace. */
async function main() {
  const sandbox = await startGoogleSandbox({
    port: loadDemoSettings().GOOGLE_SANDBOX_PORT,
    clientId: 'demo-google-client-id',
    clientSecret: 'demo-google-client-secret',
  });
  const c = sandbox.seedCustomer({ name: 'Acme Corp', domain: 'acme.example.com', users: 250 });
  process.stdout.write(`Google stand-in on ${sandbox.url} with customer ${c.id} (${c.domains[0].domainName}, ${c.users.length} users)\n`);
}
void main();
