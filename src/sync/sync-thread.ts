import path from 'node:path';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import type { Env } from '../config/env';
import type { Logger } from '../lib/logger';
import { type Metrics, syncMetrics } from '../metrics/metrics';
import type { BatchProgress } from '../runs/sync-observer';
import type { SyncRunRecord } from '../runs/sync-run.model';

/** A call from the API thread: claim this connection's request now, or stop. */
export type ThreadRequest = { type: 'wake'; connectionId: string } | { type: 'stop' };

/** What the sync thread sends: its state, and its log lines and metric events. */
export type ThreadReply =
  | { type: 'ready' | 'stopped' }
  | { type: 'fatal'; error: string }
  | { type: 'log'; line: string }
  | { type: 'batch'; progress: BatchProgress }
  | { type: 'finished'; run: SyncRunRecord; durationMs: number }
  | { type: 'provider'; provider: string; endpoint: string; status: number; retryAfter: string | null }
  | { type: 'pacing'; provider: string; seconds: number };

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
    const observer = syncMetrics(metrics);
    const stream = (logger as unknown as Record<symbol, { write(line: string): void }>)[pino.symbols.streamSym];
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (msg: ThreadReply) => {
        switch (msg.type) {
          case 'ready':
            return resolve();
          case 'stopped':
            return thread.stopped?.();
          case 'fatal':
            return reject(new Error(`The sync thread failed to start:\n${msg.error}`));
          case 'log':
            return stream.write(msg.line);
          case 'batch':
            return observer.batch?.(msg.progress);
          case 'finished':
            return observer.finished?.(msg.run, msg.durationMs);
          case 'provider':
            return metrics.providerResponse(msg.provider, msg.endpoint, msg.status, msg.retryAfter);
          case 'pacing':
            return metrics.rateLimitWait.inc({ provider: msg.provider, source: 'pacing' }, msg.seconds);
        }
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
