import path from 'node:path';
import type { SandboxStats } from '../../src/dev/google-standin';
import { forkChild } from './ipc-child';

/** The Google stand-in running in a child process, driven over IPC (what figures 8 and 10 need). */
export interface GoogleStandin {
  url: string;
  /** Seeds a customer of `users` generated users (`admin@domain` first); 50k take about half a second. */
  seedCustomer(opts: { domain: string; users: number; name?: string }): Promise<{ id: string; users: number; seedMs: number }>;
  /** An admin's consent: a code for `redirectUri`. */
  authorize(opts: { customerId: string; redirectUri: string }): Promise<string>;
  stats(): Promise<SandboxStats>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

/** Forks bench/lib/google-standin-child.ts and waits until it listens; `clientId`/`clientSecret` are bench/bench-secret. */
export async function startGoogleStandinProcess(rateLimit?: { requestsPerSecond: number }): Promise<GoogleStandin> {
  const child = await forkChild<string>(path.join(__dirname, 'google-standin-child.ts'), rateLimit ? [JSON.stringify(rateLimit)] : []);
  return {
    url: child.ready,
    seedCustomer: (opts) => child.call('seed', opts),
    authorize: (opts) => child.call('authorize', opts),
    stats: () => child.call('stats'),
    resetStats: () => child.call('resetStats'),
    close: () => child.close(),
  };
}
