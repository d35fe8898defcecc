import { generateKeyPairSync } from 'node:crypto';
import type { App } from '../app';
import { type GitHubSandbox, type MemberSeed, startGitHubSandbox } from './github-standin';

const DOMAIN = 'acme-corp.example.com';
const ORG = 'acme-corp';
const PROVIDER = 'github';
const APP = { appId: '271828', slug: 'layer-demo', clientId: 'Iv23liDemoClient', clientSecret: 'demo-github-client-secret' };

/** The demo's GitHub story, by login: an admin whose directory account is suspended, a member the directory cannot name. */
export const DEMO_GITHUB_PEOPLE = {
  /** An owner of the organisation; installs the app. */
  owner: 'acme-admin',
  /** Person 5 (suspended in the Google directory), still an organisation admin. */
  suspendedAdmin: 'person5-acme',
  /** A member whose only addresses are personal: no verified-domain email, so an unmanaged account (EMAIL_HIDDEN). */
  hidden: 'octo-freelancer',
};

/**
 * Acme Corp's GitHub organisation: the owner, Person 5 an admin though suspended in the directory, 20 members
 * with their company address, a member with only a personal address, and two outside collaborators. Seeded first
 * in a fresh stand-in, so the organisation's id is the same at every start (a reconnect finds the same app).
 */
export async function startDemoGitHub(port: number, host: string | undefined): Promise<{ github: GitHubSandbox; privateKey: string }> {
  // A fresh app key per start: the stand-in and the service are both given it (nothing signed outlives the run).
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const github = await startGitHubSandbox({ ...APP, privateKey, callbackUrl: 'http://127.0.0.1/oauth/github/callback', port, host });
  const extra: MemberSeed[] = [
    { login: DEMO_GITHUB_PEOPLE.owner, name: 'Admin Istrator', role: 'ADMIN', emails: [`admin@${DOMAIN}`], twoFactor: true },
    { login: DEMO_GITHUB_PEOPLE.suspendedAdmin, name: 'Person 5', role: 'ADMIN', emails: [`person5@${DOMAIN}`], twoFactor: false },
    ...Array.from({ length: 20 }, (_, i) => ({
      login: `person${i + 10}-acme`,
      name: `Person ${i + 10}`,
      emails: [`person${i + 10}@${DOMAIN}`],
      twoFactor: i % 4 !== 0,
    })),
    { login: DEMO_GITHUB_PEOPLE.hidden, name: 'Octo Freelancer', emails: ['octo@gmail.example'], twoFactor: true },
  ];
  github.seedOrg({ login: ORG, name: 'Acme Corp', verifiedDomains: [DOMAIN], extra, collaborators: 2 });
  return { github, privateKey };
}

/** The variables that point the service's GitHub connector at the stand-in, with the app's key. */
export function demoGitHubEnv(github: GitHubSandbox, privateKey: string) {
  return {
    GITHUB_APP_ID: APP.appId,
    GITHUB_APP_SLUG: APP.slug,
    GITHUB_APP_PRIVATE_KEY: privateKey,
    GITHUB_CLIENT_ID: APP.clientId,
    GITHUB_CLIENT_SECRET: APP.clientSecret,
    GITHUB_API_BASE_URL: github.url,
    GITHUB_WEB_BASE_URL: github.url,
  };
}

/**
 * Installs the app on Acme Corp's organisation for the demo tenant as its owner would (Install & Authorize, then
 * the callback's parameters to completeOAuth), or reinstalls it for the existing connection, and syncs it.
 */
export async function connectDemoGitHub(app: App, tenant: string, github: GitHubSandbox): Promise<void> {
  const existing = await app.services.connections.findByWorkspace(tenant, PROVIDER, String(github.org(ORG).id));
  const auth = existing
    ? await app.services.connectionService.reconnect(existing)
    : await app.services.connectionService.connect(tenant, PROVIDER);
  const cb = github.install({ org: ORG, login: DEMO_GITHUB_PEOPLE.owner, state: auth.state });
  await app.services.connectionService.complete(tenant, cb.code, auth.state, null, null, {
    installationId: cb.installationId,
    setupAction: cb.setupAction,
  });
  await app.sync.idle();
}
