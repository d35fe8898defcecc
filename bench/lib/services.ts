import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type App, startApp } from '../../src/app';
import { type Env, loadEnv } from '../../src/config/env';
import type { ConnectionRecord } from '../../src/connections/connection.model';
import { createLogger } from '../../src/lib/logger';
import type { Standin } from './standin';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureBuilt, startNeo4j } = require('../../scripts/neo4j-local.js');

export const CLIENT_ID = 'bench';
export const CLIENT_SECRET = 'bench-secret';
export const REDIRECT_URI = 'http://127.0.0.1/cb';

/** The local Neo4j the whole run shares (or NEO4J_URI when set). */
export interface Db {
  uri: string;
  /** The Neo4j process's CPU time so far (user + system, µs, 10 ms resolution); undefined for NEO4J_URI. */
  cpuMicros(): number | undefined;
  stop(): Promise<void>;
}

/** Starts the local Neo4j on `dataDir`, wiped first unless `fresh: false` (a later look at a run's graph). */
export async function startDb(dataDir = '.data/neo4j-bench', { fresh = true } = {}): Promise<Db> {
  if (process.env.NEO4J_URI) return { uri: process.env.NEO4J_URI, cpuMicros: () => undefined, stop: async () => undefined };
  ensureBuilt();
  const db = await startNeo4j({ port: 0, dataDir, fresh, heap: '4g', pagecacheMb: 4096 });
  return { uri: db.uri, cpuMicros: () => processCpuMicros(db.pid), stop: () => db.stop() };
}

/** A process's user + system CPU time in µs from /proc (Linux; clock ticks of 10 ms), or undefined elsewhere. */
export function processCpuMicros(pid: number): number | undefined {
  try {
    // Fields after the parenthesised command name: state is the 3rd, utime the 14th and stime the 15th of the line.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

/** The app's configuration for a benchmark: no scheduler, no client-side pacing unless asked. */
export function benchEnv(dbUri: string, notionUrl: string, overrides: Record<string, string> = {}): Env {
  return loadEnv(benchRawEnv(dbUri, notionUrl, overrides));
}

/** benchEnv's variables, unparsed (for a server in a child process). */
export function benchRawEnv(dbUri: string, notionUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NEO4J_URI: dbUri,
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    NOTION_CLIENT_ID: CLIENT_ID,
    NOTION_CLIENT_SECRET: CLIENT_SECRET,
    NOTION_REDIRECT_URI: REDIRECT_URI,
    NOTION_API_BASE_URL: notionUrl,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
    SYNC_ENABLED: 'false',
    NOTION_REQUESTS_PER_SECOND: '0',
    LOG_LEVEL: 'error',
    ...overrides,
  };
}

/**
 * An API server of the source tree at `root` in its own process, with NODE_ENV=production in its process
 * environment as in the Docker image (graphql-js then skips its development checks).
 */
export async function startServerProcess(
  root: string,
  rawEnv: Record<string, string>,
): Promise<{ url: string; cpuMicros(): Promise<number>; close(): Promise<void> }> {
  const child = fork(path.join(__dirname, 'server-child.ts'), [root, JSON.stringify(rawEnv)], {
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server child (${root}) exited with ${code}`)));
    child.once('message', (m: { ready: string }) => resolve(m.ready));
  });
  return {
    url,
    cpuMicros: () =>
      new Promise<number>((resolve) => {
        const on = (m: { cpu?: NodeJS.CpuUsage }) => {
          if (!m.cpu) return;
          child.off('message', on);
          resolve(m.cpu.user + m.cpu.system);
        };
        child.on('message', on);
        child.send({ cpu: true });
      }),
    close: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise((r) => child.once('exit', r));
      child.disconnect();
      await exited;
    },
  };
}

export async function startBenchApp(env: Env): Promise<App> {
  return startApp(env, createLogger('error'));
}

/**
 * Connects a seeded workspace through the real OAuth code path; completing starts the first sync (as a user
 * connecting would), even with SYNC_ENABLED=false (that only turns the cron off). `app.sync.idle()` waits for it.
 */
export async function connect(app: App, notion: Standin, tenant: string, workspaceId: string): Promise<ConnectionRecord> {
  const svc = app.services.connectionService;
  const auth = await svc.connect(tenant, 'notion');
  return svc.complete(tenant, await notion.authorize({ workspaceId, redirectUri: REDIRECT_URI }), auth.state);
}

/** Samples this process's RSS every `everyMs`; `stop()` returns the peak seen. */
export function rssSampler(everyMs = 50): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}
