import { generateKeyPairSync } from 'node:crypto';
import type { App } from '../src/app';
import { startGitHubSandbox } from '../src/dev/github-standin';
import { benchEnv, type Db, startBenchApp } from './lib/services';

const CALLBACK = 'http://127.0.0.1/github-cb';

/**
 * Figure 11 (GitHub): the first sync of an organisation of `n` members (each with a verified-domain address) and
 * `collaborators` outside collaborators against a stand-in that answers GitHub's secondary rate limit (403 +
 * retry-after in whole seconds) per installation past `perMinute` after a burst of `burst`, through the real install
 * callback (completeOAuth's installationId), @octokit/auth-app, the GraphQL members listing, REST collaborators and
 * Neo4j. The bound: every successful request to the API past the burst, at the limit. The stand-in runs in this process.
 */
export async function githubBoundSync(db: Db, notionUrl: string, n: number, collaborators: number, perMinute: number, burst: number) {
  const privateKey = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  const registration = { appId: '271828', slug: 'layer-bench', clientId: 'Iv23liBench', clientSecret: 'gh-bench-secret' };
  const github = await startGitHubSandbox({
    ...registration,
    privateKey,
    callbackUrl: CALLBACK,
    rateLimit: { requestsPerSecond: perMinute / 60, burst },
  });
  const app: App = await startBenchApp(
    benchEnv(db.uri, notionUrl, {
      GITHUB_APP_ID: registration.appId,
      GITHUB_APP_SLUG: registration.slug,
      GITHUB_APP_PRIVATE_KEY: privateKey,
      GITHUB_CLIENT_ID: registration.clientId,
      GITHUB_CLIENT_SECRET: registration.clientSecret,
      GITHUB_API_BASE_URL: github.url,
      GITHUB_WEB_BASE_URL: github.url,
    }),
  );
  const firstSync = async (members: number, outside: number) => {
    const login = `bound-${members}-${Date.now()}`;
    const owner = `${login}-owner`;
    github.seedOrg({
      login,
      name: `Bound ${members}`,
      verifiedDomains: [`${login}.example.com`],
      members,
      collaborators: outside,
      extra: [{ login: owner, role: 'ADMIN', emails: [`owner@${login}.example.com`] }],
    });
    const tenant = `github-bound-${login}`;
    const svc = app.services.connectionService;
    const auth = await svc.connect(tenant, 'github');
    const cb = github.install({ org: login, login: owner, state: auth.state });
    const connection = await svc.complete(tenant, cb.code, auth.state, null, null, {
      installationId: cb.installationId,
      setupAction: cb.setupAction,
    });
    await app.sync.idle(30 * 60_000);
    const run = (await app.services.runs.latestFor([connection.id])).get(connection.id);
    if (run?.status !== 'SUCCEEDED' || !run.finishedAt)
      throw new Error(`GitHub bound sync of ${members}: ${run?.status} ${run?.error ?? ''}`);
    return { login, run };
  };
  try {
    // An untimed small sync first: the sync thread's start and the first compile are not the rate limit's.
    await firstSync(10, 1);
    const from = github.requests.length;
    const limitedBefore = github.stats.rateLimited; // a limited answer names no org in the request log
    const { login, run } = await firstSync(n, collaborators);
    // The installation's API requests (the token mints under /app/ are the app's, outside the installation's limit).
    const mine = github.requests
      .slice(from)
      .filter((r) => r.org === login && r.at >= run.startedAt.getTime() && !r.path.startsWith('/app/'));
    const ok = mine.filter((r) => r.status < 400).length;
    return {
      seconds: (run.finishedAt!.getTime() - run.startedAt.getTime()) / 1000,
      bound: (Math.max(0, ok - burst) * 60) / perMinute,
      requests: ok,
      rateLimited: github.stats.rateLimited - limitedBefore,
      written: run.accountsWritten,
    };
  } finally {
    await app.close();
    await github.stop();
  }
}
