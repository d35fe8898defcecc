import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { SandboxStats } from '../../src/dev/google-standin';

/** The Google stand-in running in a child process, driven over IPC (what figure 8 needs). */
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
  const child: ChildProcess = fork(path.join(__dirname, 'google-standin-child.ts'), rateLimit ? [JSON.stringify(rateLimit)] : [], {
    execArgv: ['-r', '@swc-node/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`Google stand-in exited with ${code}`)));
    child.on('message', (m: { ready?: string; id?: number; result?: unknown; error?: string }) => {
      if (m.ready) return resolve(m.ready);
      const p = pending.get(m.id ?? -1);
      if (!p) return;
      pending.delete(m.id!);
      if (m.error) p.reject(new Error(m.error));
      else p.resolve(m.result);
    });
  });
  const call = <T>(op: string, args: unknown = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, args });
    });
  return {
    url,
    seedCustomer: (opts) => call('seed', opts),
    authorize: (opts) => call('authorize', opts),
    stats: () => call('stats'),
    resetStats: () => call('resetStats'),
    close: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise((r) => child.once('exit', r));
      child.disconnect();
      await exited;
    },
  };
}
