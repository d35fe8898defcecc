import 'reflect-metadata';
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import type { Env } from '../config/env';
import { createCore } from '../core';
import { createLogger } from '../lib/logger';
import { ReadPressure, yieldToReads } from './read-pressure';
import type { ThreadReply, ThreadRequest } from './sync-thread';
import { startSyncWork } from './sync-work';

/**
 * The `all` role's sync thread (ADR 0012): the whole sync (providers, transform, Neo4j writes, schedule, request
 * polling) on its own event loop, with its own driver. It answers the API thread's calls, and forwards its log
 * lines and metric events, so /metrics and the logs look as they did with the sync in the API's thread.
 */
async function main(): Promise<void> {
  const port = parentPort!;
  const post = (reply: ThreadReply) => port.postMessage(reply);
  const { env, pressure } = workerData as { env: Env; pressure: SharedArrayBuffer };
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      post({ type: 'log', line: chunk.toString('utf8') });
      done();
    },
  });
  const logger = createLogger(env.LOG_LEVEL, sink);
  const core = await createCore(env, logger, {
    observers: [
      {
        batch: (progress) => post({ type: 'batch', progress }),
        finished: (run, durationMs) => post({ type: 'finished', run, durationMs }),
      },
    ],
    onProviderResponse: (provider, endpoint, status, retryAfter) => post({ type: 'provider', provider, endpoint, status, retryAfter }),
    onPacingWait: (provider, seconds) => post({ type: 'pacing', provider, seconds }),
    beforeWrite: yieldToReads(new ReadPressure(pressure)),
    syncThread: true,
  });
  const work = startSyncWork(core, env, logger);

  const answer = (id: number, value: Promise<unknown>) =>
    value.then(
      (result) => post({ type: 'result', id, result }),
      (err: unknown) => post({ type: 'result', id, error: (err as Error)?.message ?? String(err) }),
    );
  port.on('message', (msg: ThreadRequest) => {
    switch (msg.type) {
      case 'start':
        void answer(
          msg.id,
          core.sync.start(msg.connection, msg.trigger).then(({ run, done }) => {
            void done.then((finished) => post({ type: 'done', id: msg.id, run: finished }));
            return run;
          }),
        );
        break;
      case 'quiesce':
        void answer(msg.id, core.sync.quiesce(msg.connectionId, msg.timeoutMs));
        break;
      case 'idle':
        void answer(msg.id, core.sync.idle());
        break;
      case 'syncAll':
        void answer(msg.id, core.sync.syncAll());
        break;
      case 'stop':
        void answer(
          msg.id,
          work.stop().then(() => core.graph.close()),
        );
        break;
    }
  });
  post({ type: 'ready' });
}

main().catch((err: unknown) => {
  parentPort!.postMessage({ type: 'fatal', error: (err as Error)?.stack ?? String(err) } satisfies ThreadReply);
});
