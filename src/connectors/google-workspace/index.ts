import type { Connector, ConnectorDeps, ConnectorModule } from '../connector';
import { directory } from './client';
import { classify, failureMessage, texts } from './errors';
import { GoogleOAuth } from './oauth';
import { Pacer } from '../../lib/pacer';
import { type GoogleSettings, googleSettings } from './settings';
import { GoogleSource } from './source';
import type { TransportHooks } from './transport';
import { googleVariables } from './variables';

export const PROVIDER = 'google_workspace';

/** Builds the connector from explicit settings (tests use it to shorten the backoff); one pacer for all its sources. */
export function createGoogleWorkspace(settings: GoogleSettings, deps: ConnectorDeps): Connector {
  const pacer = new Pacer(settings.requestsPerSecond, (ms) => deps.onPacingWait(ms / 1000));
  const observe: TransportHooks['observe'] = (endpoint, status, retryAfter) => deps.observe(endpoint, status, retryAfter);
  return {
    provider: PROVIDER,
    displayName: 'Google Workspace',
    labels: { app: 'GoogleWorkspace', account: 'GoogleUser' },
    directory: true,
    oauth: new GoogleOAuth(settings, { observe }, deps.logger),
    texts,
    source: (accessToken, appId, signal) =>
      new GoogleSource(directory(settings, accessToken, { observe, pacer, paceKey: appId, signal }), appId),
    classify,
    failureMessage,
  };
}

/** The registry line's module: on when GOOGLE_CLIENT_ID is set. */
export const googleWorkspace: ConnectorModule<typeof googleVariables> = {
  provider: PROVIDER,
  displayName: 'Google Workspace',
  variables: googleVariables,
  create: (deps) => {
    const settings = googleSettings(deps.env);
    return settings ? createGoogleWorkspace(settings, deps) : null;
  },
};
