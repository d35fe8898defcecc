import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { SignJWT } from 'jose';
import { type App, startApp } from '../../src/app';
import type { HttpOptions } from '../../src/server';
import { loadEnv } from '../../src/config/env';
import { createLogger } from '../../src/lib/logger';
import { type NotionSandbox, startNotionSandbox } from '../../src/dev/notion-standin';
import { type GoogleSandbox, startGoogleSandbox } from '../../src/dev/google-standin';
import type { GitHubSandbox } from '../../src/dev/github-standin';
import { githubEnv, startGitHub } from './github';
import type { SlackSandbox } from '../../src/dev/slack-standin';
import { slackEnv, startSlack } from './slack';
import { staleSummaries } from './summaries';

export const CLIENT_ID = 'test-client-id';
export const CLIENT_SECRET = 'test-client-secret-' + randomBytes(8).toString('hex');
export const JWT_SECRET = randomBytes(32).toString('base64');
export const REDIRECT_URI = 'http://localhost:3000/integrations/notion/callback';
export const GOOGLE_CLIENT = { clientId: 'harness-google-client', clientSecret: 'harness-google-secret-' + randomBytes(8).toString('hex') };
export const GOOGLE_REDIRECT_URI = 'http://localhost:3000/integrations/google/callback';

/** A full stack for one test file: the real app on a free port, the Notion stand-in, the shared local Neo4j. */
export interface Harness {
  app: App;
  notion: NotionSandbox;
  google: GoogleSandbox;
  github: GitHubSandbox;
  slack: SlackSandbox;
  /** The environment variables the app was started with (for child processes such as the CLI). */
  rawEnv: Record<string, string>;
  logLines: string[];
  /** A JWT for a tenant, signed like the frontend's identity provider would. */
  token(tenantId: string, claims?: Record<string, unknown>): Promise<string>;
  /** POSTs a GraphQL operation as the given tenant, optionally with a role and subject (or with a raw Authorization header). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, auth?: GqlAuth): Promise<GqlResult<T>>;
  /** A second API process's worth of service (its own HTTP server, sync service and lease owner) on the same database. */
  replica(): Promise<App>;
  /** Reads the graph directly with Cypher, for assertions. */
  cypher<T = Record<string, unknown>>(query: string, params?: Record<string, unknown>): Promise<T[]>;
  close(): Promise<void>;
}

/** Who a test request is from: a tenant's token (an admin unless `role`, no `sub` unless given), or a raw header. */
export interface GqlAuth {
  tenant?: string;
  header?: string;
  role?: 'admin' | 'viewer';
  sub?: string;
}

export interface GqlResult<T> {
  status: number;
  data: T;
  errors?: Array<{ message: string; extensions?: { code?: string; reason?: string } }>;
  body: string;
}

/** A fresh tenant id, so tests share one database without sharing data. */
export const newTenant = (): string => 'tenant-' + randomUUID();

export async function startHarness(extraEnv: Record<string, string> = {}, http: HttpOptions = {}): Promise<Harness> {
  const notion = await startNotionSandbox({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const google = await startGoogleSandbox({ ...GOOGLE_CLIENT, redirectUris: [GOOGLE_REDIRECT_URI] });
  const github = await startGitHub();
  const slack = await startSlack();
  const rawEnv: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    NEO4J_URI: process.env.NEO4J_URI ?? '',
    NOTION_CLIENT_ID: CLIENT_ID,
    NOTION_CLIENT_SECRET: CLIENT_SECRET,
    NOTION_REDIRECT_URI: REDIRECT_URI,
    NOTION_API_BASE_URL: notion.url,
    NOTION_AUTHORIZE_URL: `${notion.url}/v1/oauth/authorize`,
    NOTION_TIMEOUT_MS: '5000',
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SYNC_ENABLED: 'false',
    AUTH_JWT_SECRET: JWT_SECRET,
    LOG_LEVEL: 'debug',
    // Paced like production but faster, so the suite stays quick; the pacing test sets 3.
    NOTION_REQUESTS_PER_SECOND: '50',
    GOOGLE_CLIENT_ID: GOOGLE_CLIENT.clientId,
    GOOGLE_CLIENT_SECRET: GOOGLE_CLIENT.clientSecret,
    GOOGLE_REDIRECT_URI,
    GOOGLE_API_BASE_URL: google.url,
    GOOGLE_AUTHORIZE_URL: `${google.url}/o/oauth2/v2/auth`,
    GOOGLE_TOKEN_URL: `${google.url}/token`,
    GOOGLE_REVOKE_URL: `${google.url}/revoke`,
    GOOGLE_TIMEOUT_MS: '5000',
    GOOGLE_REQUESTS_PER_SECOND: '0',
    ...githubEnv(github),
    ...slackEnv(slack),
    ...extraEnv,
  };
  const env = loadEnv(rawEnv);
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const app = await startApp(env, createLogger(env.LOG_LEVEL, sink), http);
  const secret = new TextEncoder().encode(JWT_SECRET);

  /** Tokens carry `roles: ['admin']` unless the claims say otherwise (`{ roles: undefined }`: no roles claim at all). */
  const token = (tenantId: string, claims: Record<string, unknown> = {}) =>
    new SignJWT({ tenant_id: tenantId, roles: ['admin'], ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(secret);

  return {
    app,
    notion,
    google,
    github,
    slack,
    rawEnv,
    logLines,
    token,
    async gql(query, variables = {}, auth = {}) {
      const claims = { ...(auth.role ? { roles: [auth.role] } : {}), ...(auth.sub ? { sub: auth.sub } : {}) };
      const header = auth.header ?? (auth.tenant ? `Bearer ${await token(auth.tenant, claims)}` : undefined);
      const res = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(header ? { authorization: header } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = await res.text();
      const json = JSON.parse(body);
      return { status: res.status, data: json.data, errors: json.errors, body };
    },
    cypher: (query, params = {}) => app.graph.read(query, params),
    replica: () => startApp(env, createLogger(env.LOG_LEVEL, sink)),
    async close() {
      try {
        const stale = await staleSummaries(app.graph);
        if (stale.length > 0) throw new Error(`User summaries disagree with their accounts: ${JSON.stringify(stale)}`);
      } finally {
        await app.close();
        await notion.close();
        await google.stop();
        await github.stop();
        await slack.stop();
      }
    },
  };
}
