import path from 'node:path';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import type { Env } from '../config/env';
import type { Logger } from '../lib/logger';
import { type Metrics, syncMetrics } from '../metrics/metrics';

/** A call from the API thread: claim this connection's request now, or stop. */
export type ThreadRequest = { type: 'wake'; connectionId: string } | { type: 'stop' };

/** The thread's metric events, each replayed on the API thread's metrics with the same arguments. */
export type ThreadEvent = 'batch' | 'finished' | 'provider' | 'pacing';

/** What the sync thread sends: its state, its log lines and its metric events. */
export type ThreadReply =
  | { type: 'ready' }
  | { type: 'stopped' }
  | { type: 'fatal'; error: string }
  | { type: 'log'; line: string }
  | { type: 'event'; event: ThreadEvent; args: unknown[] };

/** Where the API thread replays each event of the sync thread. */
function eventSinks(metrics: Metrics): Record<ThreadEvent, (...args: never[]) => void> {
  const observer = syncMetrics(metrics);
  return {
    batch: (...args: Parameters<NonNullable<typeof observer.batch>>) => observer.batch?.(...args),
    finished: (...args: Parameters<NonNullable<typeof observer.finished>>) => observer.finished?.(...args),
    provider: (...args: Parameters<Metrics['providerResponse']>) => metrics.providerResponse(...args),
    pacing: (provider: string, seconds: number) => metrics.rateLimitWait.inc({ provider, source: 'pacing' }, seconds),
  };
}

/**
 * The `all` role's sync loop in a worker thread (ADR 0015): every claim and run happens there, on its own event
 * loop and driver, so the API's stays free. The API thread asks for runs through Neo4j like an `api` process;
 * no call result crosses the thread, so no error loses its code on the way. Logs and metrics come back here.
 */
export class SyncThread {
  private alive = true;
  private stopped: (() => void) | null = null;

  private constructor(private readonly worker: Worker) {}

  /** Starts the thread and resolves once it is connected to Neo4j and ticking. */
  static async start(env: Env, logger: Logger, metrics: Metrics): Promise<SyncThread> {
    const entry = path.join(__dirname, `sync-thread.entry${path.extname(__filename)}`);
    // From source (npm start, tests), the thread compiles TypeScript as the main thread does; from dist/ it loads JS.
    const load = entry.endsWith('.ts') ? `require(${JSON.stringify(require.resolve('@swc-node/register'))});` : '';
    const worker = new Worker(`${load}require(${JSON.stringify(entry)});`, { eval: true, workerData: { env } });
    const thread = new SyncThread(worker);
    const sinks = eventSinks(metrics);
    const stream = (logger as unknown as Record<symbol, { write(line: string): void }>)[pino.symbols.streamSym];
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (msg: ThreadReply) => {
        if (msg.type === 'ready') resolve();
        else if (msg.type === 'stopped') thread.stopped?.();
        else if (msg.type === 'fatal') reject(new Error(`The sync thread failed to start:\n${msg.error}`));
        else if (msg.type === 'log') stream.write(msg.line);
        else (sinks[msg.event] as (...args: unknown[]) => void)(...msg.args);
      });
      worker.on('error', (err) => {
        logger.error({ err }, 'The sync thread failed');
        reject(err);
      });
      worker.once('exit', () => {
        thread.alive = false;
        thread.stopped?.();
      });
    });
    return thread;
  }

  /** Asks the thread to claim this connection's request now rather than at its next tick. */
  wake(connectionId: string): void {
    if (this.alive) this.worker.postMessage({ type: 'wake', connectionId } satisfies ThreadRequest);
  }

  /** Whether the thread is up (for /readyz). */
  isAlive(): boolean {
    return this.alive;
  }

  /** Stops the loop (runs under way end FAILED, leases released), then the thread. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    await new Promise<void>((resolve) => {
      this.stopped = resolve;
      this.worker.postMessage({ type: 'stop' } satisfies ThreadRequest);
    });
    this.alive = false;
    await this.worker.terminate();
  }
}
