import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');

/** `npm start` as its own OS process (src/dev/start.ts), with the given environment; its JSON log lines kept. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  lines: string[];
  /** Sends a signal and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * `ready` is the log message that says it listens: the API's by default, `Layer sync worker listening` for a worker.
 * HOST is 127.0.0.1 unless `env` sets it ("" leaves it unset).
 */
export async function startServerProcess(
  env: Record<string, string>,
  ready = 'Layer identity-graph API listening',
): Promise<ServerProcess> {
  const child = spawn('node', ['-r', '@swc-node/register', 'src/dev/start.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LAYER_DEMO: 'false', ...env, PORT: '0', HOST: env.HOST ?? '127.0.0.1', LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts.filter(Boolean));
  });
  child.stderr!.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${lines.join('\n')}`)), 60_000);
    const poll = setInterval(() => {
      const listening = lines.map(parse).find((l) => l?.msg === ready);
      if (listening) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(String(listening.url));
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${lines.join('\n')}`));
    });
  });
  return {
    url,
    child,
    lines,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

/** A log line as an object, or null for what is not JSON. */
export function parse(line: string): Record<string, unknown> | null {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}
