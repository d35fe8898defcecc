import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { forkChild } from './ipc-child';

export const ENTRA_REDIRECT_URI = 'http://127.0.0.1/entra-cb';

/** The Entra stand-in running in a child process, driven over IPC (figure 10). */
export interface EntraStandin {
  url: string;
  /** Where its CA is written, for MICROSOFT_CA_FILE. */
  caFile: string;
  /** Seeds a tenant of `users` generated users (`admin@domain`, a Global Administrator, first). */
  seedTenant(opts: { domain: string; users: number }): Promise<{ id: string; users: number; seedMs: number }>;
  /** A Global Administrator's consent: a code for ENTRA_REDIRECT_URI. */
  authorize(opts: { tenantId: string }): Promise<string>;
  /** Requests to Graph (`/v1.0/…`) the stand-in answered so far. */
  graphRequests(): Promise<number>;
  close(): Promise<void>;
}

/** Forks bench/lib/entra-standin-child.ts and waits until it listens; client bench/bench-secret. */
export async function startEntraStandinProcess(): Promise<EntraStandin> {
  const child = await forkChild<{ url: string; caPem: string }>(path.join(__dirname, 'entra-standin-child.ts'));
  const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'bench-entra-ca-')), 'ca.pem');
  writeFileSync(caFile, child.ready.caPem);
  return {
    url: child.ready.url,
    caFile,
    seedTenant: (opts) => child.call('seed', opts),
    authorize: (opts) => child.call('authorize', { ...opts, redirectUri: ENTRA_REDIRECT_URI }),
    graphRequests: () => child.call('graphRequests'),
    close: () => child.close(),
  };
}

/** The app's variables that point its Entra connector at the stand-in process, unpaced. */
export const entraBenchEnv = (e: EntraStandin): Record<string, string> => ({
  MICROSOFT_CLIENT_ID: 'bench',
  MICROSOFT_CLIENT_SECRET: 'bench-secret',
  MICROSOFT_REDIRECT_URI: ENTRA_REDIRECT_URI,
  MICROSOFT_AUTHORITY_HOST: e.url,
  MICROSOFT_GRAPH_BASE_URL: e.url,
  MICROSOFT_CA_FILE: e.caFile,
  MICROSOFT_REQUESTS_PER_SECOND: '0',
});
