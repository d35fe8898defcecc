import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { SandboxStats } from '../../src/dev/notion-standin';

/** The stand-in running in a child process, driven over IPC (only what the benchmarks need). */
export interface Standin {
  url: string;
  seedWorkspace(opts: { name: string; persons: number; domain?: string }): Promise<{ id: string }>;
  authorize(opts: { workspaceId: string; redirectUri: string }): Promise<string>;
  stats(): Promise<SandboxStats>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

export async function startStandinProcess(rateLimit?: { requestsPerSecond: number }): Promise<Standin> {
  const child: ChildProcess = fork(path.join(__dirname, 'standin-child.ts'), rateLimit ? [JSON.stringify(rateLimit)] : [], {
    execArgv: ['-r', '@swc-node/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`stand-in exited with ${code}`)));
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
    seedWorkspace: (opts) => call('seed', opts),
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
