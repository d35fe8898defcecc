import { startGoogleSandbox } from './server';

/** Runs the Google stand-in alone (`npm run sandbox:google`), seeded with one demo Workspace. */
async function main() {
  const port = Number(process.env.GOOGLE_SANDBOX_PORT ?? 4200);
  const sandbox = await startGoogleSandbox({
    port,
    clientId: process.env.GOOGLE_CLIENT_ID ?? 'demo-google-client-id',
    clientSecret: process.env.GOOGLE_CLIENT_SECRET ?? 'demo-google-client-secret',
  });
  const c = sandbox.seedCustomer({ name: 'Acme Corp', domain: 'acme.example.com', users: 250 });
  process.stdout.write(`Google stand-in on ${sandbox.url} with customer ${c.id} (${c.domains[0].domainName}, ${c.users.length} users)\n`);
}
void main();
