import { on, once } from 'node:events';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import type { Env } from '../config/env';
import type { Logger } from '../lib/logger';
import { type Metrics, syncMetrics } from '../metrics/metrics';

/** A call from the API thread: claim this connection's request now, or stop. */
export type ThreadRequest = { type: 'wake'; connectionId: string } | { type: 'stop' };

/** Where the API thread replays each metric event of the sync thread, with the arguments it was called with. */
const eventSinks = (metrics: Metrics) => ({
  ...syncMetrics(metrics),
  provider: metrics.providerResponse.bind(metrics),
  pacing: (provider: string, seconds: number) => metrics.rateLimitWait.inc({ provider, source: 'pacing' }, seconds),
});

/** The thread's metric events. */
export type ThreadEvent = keyof ReturnType<typeof eventSinks>;

/** What the sync thread sends: that it is ready, its log lines and its metric events. */
export type ThreadReply = { type: 'ready' } | { type: 'log'; line: string } | { type: 'event'; event: ThreadEvent; args: unknown[] };

/**
 * The `all` role's sync loop in a worker thread (ADR 0015): every claim and run happens there, on its own event
 * loop and driver, so the API's stays free. The API thread asks for runs through Neo4j like an `api` process;
 * no call result crosses the thread, so no error loses its code on the way. Logs and metrics come back here.
 */
export class SyncThread {
  private alive = true;

  private constructor(private readonly worker: Worker) {
    worker.once('exit', () => (this.alive = false));
  }

  /** Starts the thread and resolves once it is connected to Neo4j and ticking; rejects with the error its start failed with. */
  static async start(env: Env, logger: Logger, metrics: Metrics): Promise<SyncThread> {
    const entry = path.join(__dirname, `sync-thread.entry${path.extname(__filename)}`);
    // From source (npm start, tests), the thread compiles TypeScript as the main thread does; from dist/ it loads JS.
    const load = entry.endsWith('.ts') ? `require(${JSON.stringify(require.resolve('@swc-node/register'))});` : '';
    const worker = new Worker(`${load}require(${JSON.stringify(entry)});`, { eval: true, workerData: { env } });
    const sinks = eventSinks(metrics);
    const stream = (logger as unknown as Record<symbol, { write(line: string): void }>)[pino.symbols.streamSym];
    worker.on('message', (msg: ThreadReply) => {
      if (msg.type === 'log') stream.write(msg.line);
      else if (msg.type === 'event') (sinks[msg.event] as ((...args: unknown[]) => void) | undefined)?.(...msg.args);
    });
    worker.on('error', (err) => logger.error({ err }, 'The sync thread failed'));
    for await (const [msg] of on(worker, 'message')) if ((msg as ThreadReply).type === 'ready') break;
    return new SyncThread(worker);
  }

  /** Asks the thread to claim this connection's request now rather than at its next tick (a stopped thread ignores it). */
  wake(connectionId: string): void {
    this.worker.postMessage({ type: 'wake', connectionId } satisfies ThreadRequest);
  }

  /** Whether the thread is up (for /readyz). */
  isAlive(): boolean {
    return this.alive;
  }

  /** Stops the loop (runs under way end FAILED, leases released), then the thread ends. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.worker.postMessage({ type: 'stop' } satisfies ThreadRequest);
    await once(this.worker, 'exit');
  }
}
