import type { App } from '../app';
import { startGoogleSandbox } from './google-standin';
import type { GoogleSandbox, SandboxCustomer } from './google-standin';

const CLIENT = { clientId: 'demo-google-client-id', clientSecret: 'demo-google-client-secret' };
/** Fixed, so a later start reconnects the same customer (another one would be WORKSPACE_MISMATCH). */
const CUSTOMER_ID = 'C03acme42';
const DOMAIN = 'acme-corp.example.com';
const PROVIDER = 'google_workspace';

/** The demo's offboarding story, by address: who is suspended, whose alias signed up to Notion, who was deleted. */
export const DEMO_PEOPLE = {
  suspended: `person5@${DOMAIN}`,
  aliasOwner: `grace@${DOMAIN}`,
  alias: `grace.hopper@${DOMAIN}`,
  leaver: `person9@${DOMAIN}`,
};

/**
 * Acme Corp's directory in the Google stand-in: the admin and the first 240 of the Notion workspace's people
 * (the last ten are in Notion only: NOT_IN_DIRECTORY), one suspended, Grace with an alias, and the leaver.
 */
export async function startDemoGoogle(
  port: number,
  host: string | undefined,
): Promise<{ google: GoogleSandbox; customer: SandboxCustomer }> {
  const google = await startGoogleSandbox({ ...CLIENT, port, host });
  const extra = Array.from({ length: 240 }, (_, i) => ({
    primaryEmail: `person${i}@${DOMAIN}`,
    fullName: `Person ${i}`,
    orgUnitPath: i % 3 ? '/Sales' : '/Engineering',
    suspended: i === 5,
  }));
  extra.push({
    primaryEmail: DEMO_PEOPLE.aliasOwner,
    fullName: 'Grace Hopper',
    orgUnitPath: '/Engineering',
    suspended: false,
    aliases: [DEMO_PEOPLE.alias],
  } as (typeof extra)[number]);
  const customer = google.seedCustomer({ id: CUSTOMER_ID, name: 'Acme Corp', domain: DOMAIN, users: 1, extra });
  return { google, customer };
}

/** The variables that point the service's Google connector at the stand-in. */
export function demoGoogleEnv(google: GoogleSandbox, publicUrl: string, port: number) {
  return {
    GOOGLE_CLIENT_ID: CLIENT.clientId,
    GOOGLE_CLIENT_SECRET: CLIENT.clientSecret,
    GOOGLE_REDIRECT_URI: `http://127.0.0.1:${port}/oauth/google/callback`,
    GOOGLE_API_BASE_URL: google.url,
    GOOGLE_AUTHORIZE_URL: `${publicUrl}/o/oauth2/v2/auth`,
    GOOGLE_TOKEN_URL: `${google.url}/token`,
    GOOGLE_REVOKE_URL: `${google.url}/revoke`,
    GOOGLE_REQUESTS_PER_SECOND: '0',
  };
}

/**
 * Connects (or reconnects) the directory for the demo tenant and syncs it twice, deleting the leaver between
 * the two syncs, so the leaver is DELETED and offboardingGaps has answers on first start.
 */
export async function connectDemoGoogle(app: App, tenant: string, google: GoogleSandbox, redirectUri: string): Promise<void> {
  const existing = await app.services.connections.findByWorkspace(tenant, PROVIDER, CUSTOMER_ID);
  const auth = existing
    ? await app.services.connectionService.reconnect(existing)
    : await app.services.connectionService.connect(tenant, PROVIDER);
  const code = google.authorize({ customerId: CUSTOMER_ID, admin: true, redirectUri });
  const connection = await app.services.connectionService.complete(tenant, code, auth.state);
  await app.sync.idle();
  google.deleteUser(CUSTOMER_ID, DEMO_PEOPLE.leaver);
  await app.services.connectionService.syncNow(connection);
  await app.sync.idle();
}
