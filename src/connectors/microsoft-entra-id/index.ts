import { Pacer } from '../../lib/pacer';
import type { Connector, ConnectorDeps, ConnectorModule } from '../connector';
import { graphFor, type RunBounds } from './client';
import { classify, failureMessage, texts } from './errors';
import type { Organization } from './get';
import { EntraIdentity } from './identity';
import { EntraOAuth } from './oauth';
import { type EntraSettings, entraSettings } from './settings';
import { EntraSource } from './source';
import { HttpsTransport } from './transport';
import { microsoftVariables } from './variables';

export const PROVIDER = 'microsoft_entra_id';

/**
 * A step's bounds: the run's signal (its hard deadline, issue 19) when there is one, and ten minutes for what no
 * run bounds (naming the tenant at consent). `accounts` narrows the deadline to the run's own.
 */
const stepBounds = (signal?: AbortSignal): RunBounds => ({ signal, deadline: Date.now() + 10 * 60_000 });

/** Builds the connector from explicit settings (tests point them at the stand-in); one transport and pacer for all. */
export function createMicrosoftEntraId(settings: EntraSettings, deps: ConnectorDeps): Connector {
  const pacer = new Pacer(settings.requestsPerSecond, (ms) => deps.onPacingWait(ms / 1000));
  const transport = new HttpsTransport(settings, { observe: (e, s, r) => deps.observe(e, s, r), pacer });
  const identity = new EntraIdentity(settings, transport);
  // One run's shared reads, keyed by its signal (the same for every step of a run; gone with the run).
  const runs = new WeakMap<AbortSignal, { org?: Promise<Organization> }>();
  const runOf = (signal: AbortSignal) => runs.get(signal) ?? (runs.set(signal, {}), runs.get(signal)!);
  return {
    provider: PROVIDER,
    displayName: 'Microsoft Entra ID',
    labels: { app: 'EntraTenant', account: 'EntraUser' },
    directory: true,
    oauth: new EntraOAuth(settings.redirectUri, identity, (tid) => graphFor(settings, identity, transport, tid, stepBounds())),
    texts,
    // The stored token is only a marker: the tenant is the app's id, and every run takes app-only tokens for it.
    source: (_stored, tenantId, signal) => {
      const bounds = stepBounds(signal);
      return new EntraSource(graphFor(settings, identity, transport, tenantId, bounds), tenantId, bounds, runOf(signal));
    },
    classify,
    failureMessage,
  };
}

/** The registry line's module: on when MICROSOFT_CLIENT_ID is set. */
export const microsoftEntraId: ConnectorModule<typeof microsoftVariables> = {
  provider: PROVIDER,
  displayName: 'Microsoft Entra ID',
  variables: microsoftVariables,
  create: (deps) => {
    const settings = entraSettings(deps.env);
    return settings ? createMicrosoftEntraId(settings, deps) : null;
  },
};
