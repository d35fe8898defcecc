import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../../src/config/env';
import type { Connector, PagingLimits } from '../../src/connectors/connector';
import { createMicrosoftEntraId } from '../../src/connectors/microsoft-entra-id';
import type { EntraSettings } from '../../src/connectors/microsoft-entra-id/settings';
import { type EntraSandbox, startEntraSandbox } from '../../src/dev/entra-standin';
import { createLogger } from '../../src/lib/logger';

export const ENTRA_CLIENT = { id: 'entra-test-client', secret: 'entra-test-secret' };
export const ENTRA_REDIRECT = 'http://localhost:3000/integrations/microsoft/callback';

/** The stand-in on a free port, with the test app and its one registered callback. */
export const startEntra = () => startEntraSandbox({ ...ENTRA_CLIENT, redirectUris: [ENTRA_REDIRECT] });

/** Writes the stand-in's CA where MICROSOFT_CA_FILE can name it. */
export function caFile(sb: EntraSandbox): string {
  const file = join(mkdtempSync(join(tmpdir(), 'entra-ca-')), 'ca.pem');
  writeFileSync(file, sb.caPem);
  return file;
}

/** The MICROSOFT_* variables pointing at the stand-in. */
export const entraEnv = (sb: EntraSandbox): Record<string, string> => ({
  MICROSOFT_CLIENT_ID: ENTRA_CLIENT.id,
  MICROSOFT_CLIENT_SECRET: ENTRA_CLIENT.secret,
  MICROSOFT_REDIRECT_URI: ENTRA_REDIRECT,
  MICROSOFT_AUTHORITY_HOST: sb.url,
  MICROSOFT_GRAPH_BASE_URL: sb.url,
  MICROSOFT_CA_FILE: caFile(sb),
  MICROSOFT_TIMEOUT_MS: '5000',
  MICROSOFT_REQUESTS_PER_SECOND: '0',
});

/** Settings pointing every Microsoft URL at the stand-in. */
export function entraSettingsFor(sb: EntraSandbox, over: Partial<EntraSettings> = {}): EntraSettings {
  return {
    clientId: ENTRA_CLIENT.id,
    clientSecret: ENTRA_CLIENT.secret,
    redirectUri: ENTRA_REDIRECT,
    authorityHost: sb.url,
    graphBaseUrl: sb.url,
    ca: sb.caPem,
    timeoutMs: 10_000,
    requestsPerSecond: 0,
    maxRetries: 3,
    ...over,
  };
}

/** The connector as the core builds it, with every `observe` call recorded. */
export function entraConnector(sb: EntraSandbox, over: Partial<EntraSettings> = {}) {
  const observed: string[] = [];
  const connector: Connector = createMicrosoftEntraId(entraSettingsFor(sb, over), {
    env: {} as Env,
    logger: createLogger('silent'),
    observe: (endpoint, status) => observed.push(`${endpoint} ${status}`),
    onPacingWait: () => undefined,
  });
  return { connector, observed };
}

export const limits = (over: Partial<PagingLimits> = {}): PagingLimits => ({
  maxPages: 1000,
  deadline: Date.now() + 60_000,
  maxEmptyPages: 3,
  ...over,
});
