import cron from 'node-cron';
import type { Env } from '../config/env';
import type { Core } from '../core';
import type { Logger } from '../lib/logger';

/** Every second: the loop's tick (a claim finds nothing in one index seek when nothing is due or asked for). */
const TICK_CRON = '* * * * * *';

/** What a process that claims runs (a worker, or the `all` role's sync thread) keeps running. */
export interface SyncWork {
  scheduler(): 'running' | 'disabled' | 'stopped';
  /** Stops ticking, then ends the runs under way (FAILED, nothing removed, leases released). */
  stop(): Promise<void>;
}

/**
 * Starts a sync process's loop (ADR 0015): node-cron ticks it every second, and each SYNC_CRON firing marks the
 * window (connections without a slot get theirs). Requests run whether or not SYNC_ENABLED; due slots only when it is.
 */
export function startSyncWork(core: Core, env: Env, logger: Logger): SyncWork {
  const loop = core.sync;
  const failed = (what: string) => (err: unknown) => logger.error({ err }, `${what} failed; the next tick tries again`);
  const mark = () => loop.markWindow().catch(failed('Marking the sync window'));
  const tasks = [
    cron.schedule(TICK_CRON, () => void loop.tick().catch(failed('Claiming syncs')), { name: 'sync-loop', noOverlap: true }),
    ...(env.SYNC_ENABLED ? [cron.schedule(env.SYNC_CRON, mark, { name: 'sync-window', noOverlap: true })] : []),
  ];
  void mark();
  let stopped = false;
  return {
    scheduler: () => (stopped ? 'stopped' : env.SYNC_ENABLED ? 'running' : 'disabled'),
    async stop() {
      stopped = true;
      for (const task of tasks) await task.destroy();
      await loop.stop();
    },
  };
}
