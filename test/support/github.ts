import { generateKeyPairSync } from 'node:crypto';
import type { Env } from '../../src/config/env';
import type { Connector, PagingLimits } from '../../src/connectors/connector';
import { createGitHub } from '../../src/connectors/github';
import type { GitHubSettings } from '../../src/connectors/github/settings';
import { type GitHubSandbox, startGitHubSandbox } from '../../src/dev/github-standin';
import { createLogger } from '../../src/lib/logger';
import { accountBatches } from '../../src/runs/paging';

/** The test app's key, PKCS#1 as GitHub downloads it (sheet §3). */
export const GITHUB_APP_KEY = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;
export const GITHUB_APP = { appId: '314159', slug: 'layer-test', clientId: 'Iv23liTestClient', clientSecret: 'gh-test-secret' };
export const GITHUB_CALLBACK = 'http://localhost:3000/integrations/github/callback';

/** The stand-in on a free port, with the test app registered. */
export const startGitHub = (over: Partial<Parameters<typeof startGitHubSandbox>[0]> = {}) =>
  startGitHubSandbox({ ...GITHUB_APP, privateKey: GITHUB_APP_KEY, callbackUrl: GITHUB_CALLBACK, ...over });

/** The GITHUB_* variables pointing at the stand-in (the key with its newlines escaped, as in a .env file). */
export const githubEnv = (sb: GitHubSandbox): Record<string, string> => ({
  GITHUB_APP_ID: GITHUB_APP.appId,
  GITHUB_APP_SLUG: GITHUB_APP.slug,
  GITHUB_APP_PRIVATE_KEY: GITHUB_APP_KEY.replace(/\n/g, '\\n'),
  GITHUB_CLIENT_ID: GITHUB_APP.clientId,
  GITHUB_CLIENT_SECRET: GITHUB_APP.clientSecret,
  GITHUB_API_BASE_URL: sb.url,
  GITHUB_WEB_BASE_URL: sb.url,
  GITHUB_TIMEOUT_MS: '5000',
});

/** Settings pointing every GitHub URL at the stand-in; waits are counted in milliseconds of 10 so tests stay quick. */
export function githubSettingsFor(sb: GitHubSandbox, over: Partial<GitHubSettings> = {}): GitHubSettings {
  return {
    ...GITHUB_APP,
    privateKey: GITHUB_APP_KEY,
    apiBaseUrl: sb.url,
    webBaseUrl: sb.url,
    timeoutMs: 2000,
    waitUnitMs: 10,
    maxRetries: 3,
    ...over,
  };
}

/** The connector as the core builds it, with every `observe` call recorded. */
export function githubConnector(sb: GitHubSandbox, over: Partial<GitHubSettings> = {}) {
  const observed: string[] = [];
  const connector: Connector = createGitHub(githubSettingsFor(sb, over), {
    env: {} as Env,
    logger: createLogger('silent'),
    observe: (endpoint, status) => observed.push(`${endpoint} ${status}`),
    onPacingWait: () => undefined,
  });
  return { connector, observed };
}

export const githubLimits = (over: Partial<PagingLimits> = {}): PagingLimits => ({
  maxPages: 1000,
  deadline: Date.now() + 60_000,
  maxEmptyPages: 3,
  ...over,
});

/** Every batch of a source's listing, paged, batched and normalised by the core's own pager (src/sync/paging.ts). */
export async function collect(connector: Connector, stored: string, limits = githubLimits(), signal = new AbortController().signal) {
  const source = connector.source(stored, 'app', signal);
  const rows = [];
  const counts = { seen: 0, persons: 0, noEmailSkipped: 0, invalidSkipped: 0 };
  for await (const b of accountBatches(await source.listing(null), 1000, { ...limits, signal }, 'GitHub')) {
    rows.push(...b.rows);
    counts.seen += b.seen;
    counts.persons += b.persons;
    counts.noEmailSkipped += b.noEmailSkipped;
    counts.invalidSkipped += b.invalidSkipped;
  }
  return { source, rows, counts };
}
