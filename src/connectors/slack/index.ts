import type { Connector, ConnectorDeps, ConnectorModule } from '../connector';
import { type Observe, slackFor } from './client';
import { classify, failureMessage, texts } from './errors';
import { SlackOAuth } from './oauth';
import { type SlackSettings, slackSettings } from './settings';
import { SlackSource } from './source';
import { slackVariables } from './variables';

export const PROVIDER = 'slack';

/** Builds the connector from explicit settings (tests point them at the stand-in). */
export function createSlack(settings: SlackSettings, deps: ConnectorDeps): Connector {
  const observe: Observe = (e, s, r) => deps.observe(e, s, r);
  return {
    provider: PROVIDER,
    displayName: 'Slack',
    labels: { app: 'SlackWorkspace', account: 'SlackUser' },
    directory: false,
    oauth: new SlackOAuth(settings, observe, deps.logger),
    texts,
    // The run's deadline is its signal; `accounts` narrows the fallback deadline to the run's own.
    source: (accessToken, teamId, signal) => {
      const bounds = { signal, deadline: Date.now() + 24 * 3600_000 };
      return new SlackSource(slackFor(settings, accessToken, observe, bounds), teamId, bounds);
    },
    classify,
    failureMessage,
  };
}

/** The registry line's module: on when SLACK_CLIENT_ID is set. */
export const slack: ConnectorModule<typeof slackVariables> = {
  provider: PROVIDER,
  displayName: 'Slack',
  variables: slackVariables,
  create: (deps) => {
    const settings = slackSettings(deps.env);
    return settings ? createSlack(settings, deps) : null;
  },
};
