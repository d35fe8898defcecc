import { type ChildProcess, fork } from 'node:child_process';

/** A stand-in (or any helper) in its own process, answering `call(op, args)` over IPC. */
export interface IpcChild<R> {
  /** What the child sent with `{ ready }` once it listened. */
  ready: R;
  call<T>(op: string, args?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * Forks `file` (TypeScript, through swc) and waits for its `{ ready }` message. The child answers each
 * `{ id, op, args }` with `{ id, result }` or `{ id, error }` and exits when the channel closes.
 */
export async function forkChild<R>(file: string, args: string[] = []): Promise<IpcChild<R>> {
  const child: ChildProcess = fork(file, args, { execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  const ready = await new Promise<R>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
    child.on('message', (m: { ready?: R; id?: number; result?: unknown; error?: string }) => {
      if (m.ready !== undefined) return resolve(m.ready);
      const p = pending.get(m.id ?? -1);
      if (!p) return;
      pending.delete(m.id!);
      if (m.error) p.reject(new Error(m.error));
      else p.resolve(m.result);
    });
  });
  return {
    ready,
    call: <T>(op: string, a: unknown = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, op, args: a });
      }),
    close: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise((r) => child.once('exit', r));
      child.disconnect();
      await exited;
    },
  };
}

/** The child's half: answers each IPC command with `handle(op, args)` and reports `ready` once. */
export function serveIpc(ready: unknown, handle: (op: string, args: Record<string, unknown>) => unknown): void {
  process.on('message', (msg: { id: number; op: string; args: Record<string, unknown> }) => {
    try {
      process.send?.({ id: msg.id, result: handle(msg.op, msg.args) });
    } catch (err) {
      process.send?.({ id: msg.id, error: (err as Error).message });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready });
}
