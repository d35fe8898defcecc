import type { Env } from '../../src/config/env';
import type { Connector, PagingLimits } from '../../src/connectors/connector';
import { createSlack } from '../../src/connectors/slack';
import type { SlackSettings } from '../../src/connectors/slack/settings';
import { type SlackSandbox, type StartOptions, startSlackSandbox } from '../../src/dev/slack-standin';
import { createLogger } from '../../src/lib/logger';

export const SLACK_APP = { clientId: '1234567890.9876543210', clientSecret: 'slack-test-secret' };
export const SLACK_REDIRECT = 'http://localhost:3000/integrations/slack/callback';

/** The stand-in on a free port, with the test app and its one Redirect URL. */
export const startSlack = (over: Partial<StartOptions> = {}) =>
  startSlackSandbox({ ...SLACK_APP, redirectUris: [SLACK_REDIRECT], ...over });

/** The SLACK_* variables pointing at the stand-in. */
export const slackEnv = (sb: SlackSandbox): Record<string, string> => ({
  SLACK_CLIENT_ID: SLACK_APP.clientId,
  SLACK_CLIENT_SECRET: SLACK_APP.clientSecret,
  SLACK_REDIRECT_URI: SLACK_REDIRECT,
  SLACK_API_BASE_URL: sb.apiUrl,
  SLACK_AUTHORIZE_URL: `${sb.url}/oauth/v2/authorize`,
  SLACK_TIMEOUT_MS: '5000',
});

/** Settings pointing at the stand-in; retry pauses in milliseconds so tests stay fast. */
export function slackSettingsFor(sb: SlackSandbox, over: Partial<SlackSettings> = {}): SlackSettings {
  return {
    ...SLACK_APP,
    redirectUri: SLACK_REDIRECT,
    apiBaseUrl: sb.apiUrl,
    authorizeUrl: `${sb.url}/oauth/v2/authorize`,
    timeoutMs: 10_000, // generous: the machine is shared; the hang test sets its own
    retries: 2,
    retryBaseMs: 20,
    rateLimitWaits: 20,
    ...over,
  };
}

/** The connector as the core builds it, with every `observe` call recorded. */
export function slackConnector(sb: SlackSandbox, over: Partial<SlackSettings> = {}) {
  const observed: string[] = [];
  const connector: Connector = createSlack(slackSettingsFor(sb, over), {
    env: {} as Env,
    logger: createLogger('silent'),
    observe: (endpoint, status, retryAfter) => observed.push(`${endpoint} ${status}${retryAfter ? ` ${retryAfter}` : ''}`),
    onPacingWait: () => undefined,
  });
  return { connector, observed };
}

export const slackLimits = (over: Partial<PagingLimits> = {}): PagingLimits => ({
  maxPages: 1000,
  deadline: Date.now() + 60_000,
  maxEmptyPages: 3,
  ...over,
});
