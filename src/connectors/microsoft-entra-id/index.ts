import { Pacer } from '../../lib/pacer';
import type { Connector, ConnectorDeps, ConnectorModule } from '../connector';
import { graphFor, type RunBounds } from './client';
import { classify, failureMessage, texts } from './errors';
import { EntraIdentity } from './identity';
import { EntraOAuth } from './oauth';
import { type EntraSettings, entraSettings } from './settings';
import { EntraSource } from './source';
import { HttpsTransport } from './transport';

export const PROVIDER = 'microsoft_entra_id';

/** The bounds of a step that no run bounds yet (naming the tenant at consent): ten minutes. */
const stepBounds = (): RunBounds => ({ deadline: Date.now() + 10 * 60_000 });

/** Builds the connector from explicit settings (tests point them at the stand-in); one transport and pacer for all. */
export function createMicrosoftEntraId(settings: EntraSettings, deps: ConnectorDeps): Connector {
  const pacer = new Pacer(settings.requestsPerSecond, (ms) => deps.onPacingWait(ms / 1000));
  const transport = new HttpsTransport(settings, { observe: (e, s, r) => deps.observe(e, s, r), pacer });
  const identity = new EntraIdentity(settings, transport);
  return {
    provider: PROVIDER,
    displayName: 'Microsoft Entra ID',
    labels: { app: 'EntraTenant', account: 'EntraUser' },
    directory: true,
    oauth: new EntraOAuth(settings.redirectUri, identity, (tid) => graphFor(settings, identity, transport, tid, stepBounds())),
    texts,
    // The stored token is only a marker: the tenant is the app's id, and every run takes app-only tokens for it.
    source: (_stored, tenantId) => {
      const bounds = stepBounds();
      return new EntraSource(graphFor(settings, identity, transport, tenantId, bounds), tenantId, bounds);
    },
    classify,
    failureMessage,
  };
}

/** The registry line's module: on when MICROSOFT_CLIENT_ID is set. */
export const microsoftEntraId: ConnectorModule = {
  provider: PROVIDER,
  displayName: 'Microsoft Entra ID',
  create: (deps) => {
    const settings = entraSettings(deps.env);
    return settings ? createMicrosoftEntraId(settings, deps) : null;
  },
};
