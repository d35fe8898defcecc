import type { App } from '../src/app';
import { startSlackSandbox } from '../src/dev/slack-standin';
import { benchEnv, type Db, startBenchApp } from './lib/services';

const SLACK_APP = { clientId: '1111111111.2222222222', clientSecret: 'bench-slack-secret' };
const SLACK_REDIRECT = 'http://127.0.0.1/slack-cb';
/** users.list's page size, as the connector asks for it (sheet §3). */
const PAGE = 200;

/**
 * Figure 11 (Slack): the first sync of a workspace of `n` members against a stand-in that rate-limits each method
 * per workspace at `perMinute` after a burst of `burst` calls ("Tier 2: 20+/min with bursts", sheet §5; 429 +
 * Retry-After in whole seconds, as Slack sends it), through the real OAuth install, @slack/web-api and Neo4j. The
 * bound is what the limit allows at best: the pages past the burst at perMinute. At most 60/min, so a whole-second
 * Retry-After is never longer than the next call's wait. The stand-in runs in this process (a rate-bound run leaves
 * it idle).
 */
export async function slackBoundSync(db: Db, notionUrl: string, n: number, perMinute: number, burst: number) {
  const slack = await startSlackSandbox({ ...SLACK_APP, redirectUris: [SLACK_REDIRECT], rateLimit: { perMinute, burst } });
  const app: App = await startBenchApp(
    benchEnv(db.uri, notionUrl, {
      SLACK_CLIENT_ID: SLACK_APP.clientId,
      SLACK_CLIENT_SECRET: SLACK_APP.clientSecret,
      SLACK_REDIRECT_URI: SLACK_REDIRECT,
      SLACK_API_BASE_URL: slack.apiUrl,
      SLACK_AUTHORIZE_URL: `${slack.url}/oauth/v2/authorize`,
    }),
  );
  const firstSync = async (members: number) => {
    const ws = slack.seedWorkspace({ name: `Bound ${members}`, domain: `bound-${members}-${Date.now()}`, members });
    const tenant = `slack-bound-${ws.id}`;
    const svc = app.services.connectionService;
    const auth = await svc.connect(tenant, 'slack');
    const connection = await svc.complete(tenant, slack.authorize({ teamId: ws.id, redirectUri: SLACK_REDIRECT }), auth.state);
    await app.sync.idle(30 * 60_000); // a 50k first sync at 60 pages a minute outlasts the default 2 minutes
    const run = (await app.services.runs.latestFor([connection.id])).get(connection.id);
    if (run?.status !== 'SUCCEEDED' || !run.finishedAt)
      throw new Error(`Slack bound sync of ${members}: ${run?.status} ${run?.error ?? ''}`);
    return { ws, run };
  };
  try {
    // An untimed small sync first: the sync thread's start and the first compile are not the rate limit's.
    await firstSync(PAGE);
    const { ws, run } = await firstSync(n);
    const listed = slack.requests.filter((r) => r.teamId === ws.id && r.path === '/api/users.list');
    const pages = Math.ceil(ws.members.length / PAGE);
    return {
      // The run's own span: claimed to finished (the install and the loop's pick-up are before it).
      seconds: (run.finishedAt!.getTime() - run.startedAt.getTime()) / 1000,
      bound: ((pages - burst) * 60) / perMinute,
      pages: listed.filter((r) => r.status === 200).length,
      rateLimited: listed.filter((r) => r.status === 429).length,
      written: run.accountsWritten,
    };
  } finally {
    await app.close();
    await slack.stop();
  }
}
