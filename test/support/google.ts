import { accountBatches } from '../../src/runs/paging';
import type { Env } from '../../src/config/env';
import type { Connector, PagingLimits } from '../../src/connectors/connector';
import { createGoogleWorkspace } from '../../src/connectors/google-workspace';
import type { GoogleSettings } from '../../src/connectors/google-workspace/settings';
import { type GoogleSandbox, startGoogleSandbox } from '../../src/dev/google-standin';
import { createLogger } from '../../src/lib/logger';

export const CLIENT = { clientId: 'google-test-client', clientSecret: 'google-test-secret' };
export const REDIRECT = 'http://localhost:4000/oauth/google/callback';

/** The stand-in on a free port, with the test client and its one registered callback. */
export const startSandbox = (rateLimit?: Parameters<typeof startGoogleSandbox>[0]['rateLimit']) =>
  startGoogleSandbox({ ...CLIENT, redirectUris: [REDIRECT], rateLimit });

/** Settings pointing every Google URL at the stand-in; backoff in milliseconds so tests stay fast. */
export function sandboxSettings(sb: GoogleSandbox, over: Partial<GoogleSettings> = {}): GoogleSettings {
  return {
    ...CLIENT,
    redirectUri: REDIRECT,
    apiBaseUrl: sb.url,
    authorizeUrl: `${sb.url}/o/oauth2/v2/auth`,
    tokenUrl: `${sb.url}/token`,
    revokeUrl: `${sb.url}/revoke`,
    timeoutMs: 10_000, // generous: the machine is shared; the hang test sets its own
    requestsPerSecond: 0,
    backoff: { retries: 4, baseMs: 20, maxMs: 200 },
    ...over,
  };
}

/** The connector as the core builds it, with every `observe` call recorded. */
export function connectorFor(sb: GoogleSandbox, over: Partial<GoogleSettings> = {}) {
  const observed: string[] = [];
  const connector: Connector = createGoogleWorkspace(sandboxSettings(sb, over), {
    env: {} as Env,
    logger: createLogger('silent'),
    observe: (endpoint, status) => observed.push(`${endpoint} ${status}`),
    onPacingWait: () => undefined,
  });
  return { connector, observed };
}

/** Generous bounds for one enumeration. */
export const limits = (over: Partial<PagingLimits> = {}): PagingLimits => ({
  maxPages: 1000,
  deadline: Date.now() + 60_000,
  maxEmptyPages: 3,
  ...over,
});

/** Every account row of a run, or the error it threw. */
export async function listAll(connector: Connector, token: string, appId: string, l = limits()) {
  const rows = [];
  const listing = await connector.source(token, appId, l.signal ?? new AbortController().signal).listing(null);
  for await (const batch of accountBatches(listing, 1000, l, connector.displayName)) rows.push(...batch.rows);
  return rows;
}
