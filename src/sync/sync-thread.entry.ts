import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import type { Env } from '../config/env';
import { createCore } from '../core';
import { createLogger } from '../lib/logger';
import type { ThreadEvent, ThreadReply, ThreadRequest } from './sync-thread';

/**
 * The `all` role's sync thread (ADR 0015): the loop (claims, runs, heartbeats) on its own event loop with its own
 * driver. It forwards its log lines and metric events, so /metrics and the logs look as with the sync in one thread.
 */
async function main(): Promise<void> {
  const port = parentPort!;
  const post = (reply: ThreadReply) => port.postMessage(reply);
  const { env } = workerData as { env: Env };
  const logger = createLogger(env.LOG_LEVEL, { write: (line: string) => post({ type: 'log', line }) });
  const event =
    (e: ThreadEvent) =>
    (...args: unknown[]) =>
      post({ type: 'event', event: e, args });
  const core = await createCore(env, logger, {
    observers: [{ batch: event('batch'), finished: event('finished') }],
    onProviderResponse: event('provider'),
    onPacingWait: event('pacing'),
    syncThread: true,
  });
  core.sync.begin();
  port.on('message', (msg: ThreadRequest) => {
    if (msg.type === 'wake')
      void core.sync.tick(msg.connectionId).catch((err: unknown) => logger.error({ err }, 'Claiming a requested sync failed'));
    // The thread ends once its runs are closed and its driver is; messages already posted still reach the API thread.
    else
      void core.sync
        .stop()
        .then(() => core.graph.close())
        .finally(() => process.exit());
  });
  post({ type: 'ready' });
}

// A start that fails ends the thread with its error: the API thread's SyncThread.start rejects with it.
void main();
