import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../app';
import { startEntraSandbox } from './entra-standin';
import type { EntraSandbox, EntraUserSeed } from './entra-standin';

const APP = { id: 'demo-entra-client-id', secret: 'demo-entra-client-secret' };
/** Fixed, so a later start reconnects the same tenant (another one would be WORKSPACE_MISMATCH). */
const TENANT_ID = '7d4c1f9e-2b6a-4e3d-9c8b-ac0e00000001';
const DOMAIN = 'acme-corp.example.com';
const PROVIDER = 'microsoft_entra_id';

/** The demo's Entra story: a disabled account that still holds Notion, and a guest from a contractor. */
export const DEMO_ENTRA_PEOPLE = { disabled: `person5@${DOMAIN}`, guest: 'dana@contractors.example.org' };

/**
 * Acme Corp mid-migration to Microsoft 365: its Entra tenant holds the same people as its Google directory (the
 * leaver already gone), Person 5's account disabled, and Dana from the contractors a guest (`#EXT#` UPN).
 */
export async function startDemoEntra(port: number, host: string | undefined): Promise<EntraSandbox> {
  const entra = await startEntraSandbox({ ...APP, port, host });
  const extra: (EntraUserSeed & { globalAdmin?: boolean })[] = Array.from({ length: 240 }, (_, i) => ({
    userPrincipalName: `person${i}@${DOMAIN}`,
    displayName: `Person ${i}`,
    department: i % 3 ? 'Sales' : 'Engineering',
    accountEnabled: i !== 5,
    proxyAddresses: [`SMTP:person${i}@${DOMAIN}`],
  })).filter((u) => u.userPrincipalName !== `person9@${DOMAIN}`);
  extra.push({
    userPrincipalName: `dana_contractors.example.org#EXT#@acmecorp.onmicrosoft.com`,
    mail: DEMO_ENTRA_PEOPLE.guest,
    displayName: 'Dana (Contractors)',
    userType: 'Guest',
  });
  entra.seedTenant({ id: TENANT_ID, displayName: 'Acme Corp', domain: DOMAIN, users: 1, extra });
  return entra;
}

/** The variables that point the service's Entra connector at the stand-in, its CA written under `.data/`. */
export function demoEntraEnv(entra: EntraSandbox, dataDir: string, port: number) {
  fs.mkdirSync(dataDir, { recursive: true });
  const ca = path.join(dataDir, 'entra-standin-ca.pem');
  fs.writeFileSync(ca, entra.caPem);
  return {
    MICROSOFT_CLIENT_ID: APP.id,
    MICROSOFT_CLIENT_SECRET: APP.secret,
    MICROSOFT_REDIRECT_URI: `http://127.0.0.1:${port}/oauth/microsoft/callback`,
    MICROSOFT_AUTHORITY_HOST: entra.url,
    MICROSOFT_GRAPH_BASE_URL: entra.url,
    MICROSOFT_CA_FILE: ca,
    MICROSOFT_REQUESTS_PER_SECOND: '0',
  };
}

/** Connects (or reconnects) the Entra directory for the demo tenant as its Global Administrator would, and syncs it. */
export async function connectDemoEntra(app: App, tenant: string, entra: EntraSandbox, redirectUri: string): Promise<void> {
  const existing = await app.services.connections.findByWorkspace(tenant, PROVIDER, TENANT_ID);
  const auth = existing
    ? await app.services.connectionService.reconnect(existing)
    : await app.services.connectionService.connect(tenant, PROVIDER);
  const code = entra.authorize({ tenantId: TENANT_ID, admin: true, redirectUri });
  await app.services.connectionService.complete(tenant, code, auth.state);
  await app.sync.idle();
}
