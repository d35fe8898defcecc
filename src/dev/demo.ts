import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import type { App } from '../app';
import { connectDemoEntra, demoEntraEnv, startDemoEntra } from './demo-entra';
import { connectDemoGoogle, DEMO_PEOPLE, demoGoogleEnv, startDemoGoogle } from './demo-google';
import { connectDemoGitHub, demoGitHubEnv, startDemoGitHub } from './demo-github';
import { connectDemoSlack, demoSlackEnv, startDemoSlack } from './demo-slack';
import { startNotionSandbox } from './notion-standin';

const ROOT = path.resolve(__dirname, '../..');
const DATA = path.join(ROOT, '.data');
export const DEMO_TENANT = 'demo';
const DEMO_CLIENT = { clientId: 'demo-client-id', clientSecret: 'demo-client-secret' };

/** A secret kept under .data/ so that tokens sealed by one demo run open in the next. */
function persistentSecret(name: string): string {
  const file = path.join(DATA, name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(DATA, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** Where the demo's stand-in listens when it is not all on this machine (docker compose's demo profile). */
export interface DemoOptions {
  standinPort?: number;
  /** Interface for the stand-in (0.0.0.0 in a container) and the URL a browser reaches it at. */
  standinHost?: string;
  standinPublicUrl?: string;
  /** The Google stand-in's port and the URL a browser reaches it at. */
  googlePort?: number;
  googlePublicUrl?: string;
  /** The Microsoft Entra ID stand-in's port (HTTPS; the service trusts its CA through MICROSOFT_CA_FILE). */
  entraPort?: number;
  /** The Slack stand-in's port. */
  slackPort?: number;
  /** The GitHub stand-in's port (API and install pages). */
  githubPort?: number;
}

/**
 * The offline demo: the Notion, Google, Entra, Slack and GitHub stand-ins, and the environment that points the service at them. Used by `npm start`
 * when neither NEO4J_URI nor any connector's variables are set, or LAYER_DEMO=true.
 */
export async function startDemoEnvironment(port: number, opts: DemoOptions = {}) {
  const notion = await startNotionSandbox({ ...DEMO_CLIENT, port: opts.standinPort ?? 4100, host: opts.standinHost });
  const publicUrl = opts.standinPublicUrl ?? notion.url;
  const workspace = notion.seedWorkspace({
    id: '3f6a1c52-8a5e-4d0c-9b35-1d2f3a4b5c6d',
    name: 'Acme Corp',
    persons: 250,
    bots: 3,
    noEmailPersons: 2,
  });
  // A few guests from outside the company, so the external-collaborator questions have answers.
  for (const [i, email] of ['dana@contractors.example.org', 'lee@agency.example.net', 'sam.guest@gmail.com'].entries()) {
    workspace.members.push({
      id: `9e0f${String(i).padStart(4, '0')}-0000-4000-8000-00000000000${i}`,
      type: 'person',
      name: email.split('@')[0],
      avatar_url: null,
      email,
    });
  }
  // Grace signed up to Notion with her alias: the directory makes her one person.
  workspace.members.push({
    id: '9e0f0100-0000-4000-8000-000000000100',
    type: 'person',
    name: 'Grace Hopper',
    avatar_url: null,
    email: DEMO_PEOPLE.alias,
  });
  const { google } = await startDemoGoogle(opts.googlePort ?? 4200, opts.standinHost);
  const entra = await startDemoEntra(opts.entraPort ?? 4300, opts.standinHost);
  const slack = await startDemoSlack(opts.slackPort ?? 4400, opts.standinHost);
  const { github, privateKey } = await startDemoGitHub(opts.githubPort ?? 4500, opts.standinHost);
  const env = {
    PORT: String(port),
    NOTION_CLIENT_ID: DEMO_CLIENT.clientId,
    NOTION_CLIENT_SECRET: DEMO_CLIENT.clientSecret,
    NOTION_REDIRECT_URI: `http://127.0.0.1:${port}/oauth/notion/callback`,
    NOTION_API_BASE_URL: notion.url,
    NOTION_AUTHORIZE_URL: `${publicUrl}/v1/oauth/authorize`,
    TOKEN_ENCRYPTION_KEY: persistentSecret('demo-token-key'),
    AUTH_JWT_SECRET: persistentSecret('demo-jwt-secret'),
    ...demoGoogleEnv(google, opts.googlePublicUrl ?? google.url, port),
    ...demoEntraEnv(entra, DATA, port),
    ...demoSlackEnv(slack, port),
    ...demoGitHubEnv(github, privateKey),
  };
  return {
    env,
    notion,
    google,
    entra,
    slack,
    github,
    workspace,
    async stop() {
      await notion.close();
      await google.stop();
      await entra.stop();
      await slack.stop();
      await github.stop();
    },
  };
}

/**
 * Connects the demo workspace, then the demo directory, for the demo tenant the way the frontend would: Connect
 * on first start, Reconnect on later ones (the stand-ins' tokens live in memory, so last run's token is gone).
 */
export async function connectDemoWorkspace(app: App, demo: Awaited<ReturnType<typeof startDemoEnvironment>>): Promise<void> {
  const existing = await app.services.connections.findByWorkspace(DEMO_TENANT, 'notion', demo.workspace.id);
  const auth = existing
    ? await app.services.connectionService.reconnect(existing)
    : await app.services.connectionService.connect(DEMO_TENANT, 'notion');
  const code = demo.notion.authorize({ workspaceId: demo.workspace.id, capability: 'email', redirectUri: demo.env.NOTION_REDIRECT_URI });
  await app.services.connectionService.complete(DEMO_TENANT, code, auth.state);
  await app.sync.idle();
  await connectDemoGoogle(app, DEMO_TENANT, demo.google, demo.env.GOOGLE_REDIRECT_URI);
  await connectDemoEntra(app, DEMO_TENANT, demo.entra, demo.env.MICROSOFT_REDIRECT_URI);
  await connectDemoSlack(app, DEMO_TENANT, demo.slack, demo.env.SLACK_REDIRECT_URI);
  await connectDemoGitHub(app, DEMO_TENANT, demo.github);
}

/** An admin JWT for the demo tenant (an explicit roles claim), valid for a day; its `sub` names the demo's user in the audit trail. */
export function demoToken(secret: string): Promise<string> {
  return new SignJWT({ tenant_id: DEMO_TENANT, roles: ['admin'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('demo-user')
    .setIssuedAt()
    .setExpirationTime('24h')
    .sign(new TextEncoder().encode(secret));
}

/** What `npm start` prints once the demo is connected: where everything is, and a JWT to call the API with. */
export function demoBanner(url: string, neo4jUri: string, token: string, demo: Awaited<ReturnType<typeof startDemoEnvironment>>): string {
  return [
    '',
    'Offline demo is running: local Neo4j, "Acme Corp" in the Notion, Google Workspace, Microsoft Entra ID, Slack and GitHub stand-ins, and the API.',
    `  Playground:      ${url}/graphiql  (the demo JWT is pre-filled)`,
    `  GraphQL:         ${url}/graphql`,
    `  Notion stand-in: ${demo.notion.url}  (consent page: ${demo.env.NOTION_AUTHORIZE_URL})`,
    `  Google stand-in: ${demo.google.url}  (consent page: ${demo.env.GOOGLE_AUTHORIZE_URL})`,
    `  Entra stand-in:  ${demo.entra.url}  (HTTPS; its CA: ${demo.env.MICROSOFT_CA_FILE})`,
    `  Slack stand-in:  ${demo.slack.url}  (install page: ${demo.env.SLACK_AUTHORIZE_URL})`,
    `  GitHub stand-in: ${demo.github.url}  (install page: ${demo.github.url}/apps/${demo.env.GITHUB_APP_SLUG}/installations/new)`,
    `  Neo4j (Bolt):    ${neo4jUri}`,
    `  Authorization:   Bearer ${token}`,
    '',
    `Try: curl -s ${url}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${token}' \\`,
    `       -d '{"query":"{ connections { provider status } offboardingGaps { edges { node { status user { email } } } } }"}'`,
    '',
  ].join('\n');
}
