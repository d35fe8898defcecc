import path from 'node:path';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import type { Env } from '../config/env';
import type { ConnectionRecord } from '../connections/connection.model';
import type { Logger } from '../lib/logger';
import { type Metrics, syncMetrics } from '../metrics/metrics';
import type { BatchProgress } from '../runs/sync-observer';
import type { SyncRunRecord } from '../runs/sync-run.model';
import { ReadPressure } from './read-pressure';
import type { InFlight, SyncRunner } from './sync-runner';

/** A call from the API thread to the sync thread. */
export type ThreadRequest =
  | { type: 'start'; id: number; connection: ConnectionRecord; trigger: string }
  | { type: 'quiesce'; id: number; connectionId: string; timeoutMs?: number }
  | { type: 'idle' | 'syncAll' | 'stop'; id: number };

/** What the sync thread sends back: answers, a run's end, and its log lines and metric events. */
export type ThreadReply =
  | { type: 'ready' }
  | { type: 'fatal'; error: string }
  | { type: 'result'; id: number; result?: unknown; error?: string }
  | { type: 'done'; id: number; run: SyncRunRecord }
  | { type: 'log'; line: string }
  | { type: 'batch'; progress: BatchProgress }
  | { type: 'finished'; run: SyncRunRecord; durationMs: number }
  | { type: 'provider'; provider: string; endpoint: string; status: number; retryAfter: string | null }
  | { type: 'pacing'; provider: string; seconds: number };

/**
 * The `all` role's sync (ADR 0012): SyncService, the schedule and the request polling run in a worker thread
 * (sync-thread.entry.ts), so the sync's CPU (provider pages, transform, driver encoding) stays off the event loop
 * that answers GraphQL. This side forwards calls and keeps the runs it started, like SyncService does.
 */
export class ThreadedSync implements SyncRunner {
  private nextId = 0;
  private readonly calls = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly ends = new Map<number, (run: SyncRunRecord) => void>();
  private readonly inFlight = new Map<string, Promise<InFlight>>();
  private exited: Error | null = null;
  private alive = true;

  private constructor(private readonly worker: Worker) {}

  /**
   * Starts the sync thread and resolves once it is connected to Neo4j and scheduling. `pressure` counts the
   * API's requests in flight; the thread's writes yield to them.
   */
  static async start(env: Env, logger: Logger, metrics: Metrics, pressure = new ReadPressure()): Promise<ThreadedSync> {
    const entry = path.join(__dirname, `sync-thread.entry${path.extname(__filename)}`);
    // From source (npm start, tests), the thread compiles TypeScript as the main thread does; from dist/ it loads JS.
    const load = entry.endsWith('.ts') ? `require(${JSON.stringify(require.resolve('@swc-node/register'))});` : '';
    const worker = new Worker(`${load}require(${JSON.stringify(entry)});`, { eval: true, workerData: { env, pressure: pressure.buffer } });
    const sync = new ThreadedSync(worker);
    const observer = syncMetrics(metrics);
    const stream = (logger as unknown as Record<symbol, { write(line: string): void }>)[pino.symbols.streamSym];
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (msg: ThreadReply) => {
        switch (msg.type) {
          case 'ready':
            return resolve();
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
          default:
            return sync.settle(msg);
        }
      });
      worker.on('error', (err) => {
        logger.error({ err }, 'The sync thread failed');
        reject(err);
      });
      worker.once('exit', (code) => sync.gone(new Error(`The sync thread exited (code ${code})`)));
    });
    return sync;
  }

  start(connection: ConnectionRecord, trigger: string): Promise<InFlight> {
    const existing = this.inFlight.get(connection.id);
    if (existing) return existing;
    const id = ++this.nextId;
    const done = new Promise<SyncRunRecord>((resolve) => this.ends.set(id, resolve));
    const entry = this.call<SyncRunRecord>({ type: 'start', id, connection, trigger }).then((run) => ({ run, done }));
    this.inFlight.set(connection.id, entry);
    void entry
      .then(
        (f) => f.done,
        () => this.ends.delete(id),
      )
      .finally(() => this.inFlight.delete(connection.id));
    return entry;
  }

  async request(connection: ConnectionRecord, trigger: string): Promise<void> {
    await this.start(connection, trigger);
  }

  running(connectionId: string): Promise<InFlight> | undefined {
    return this.inFlight.get(connectionId);
  }

  async quiesce(connectionId: string, timeoutMs?: number): Promise<void> {
    await this.call({ type: 'quiesce', id: ++this.nextId, connectionId, timeoutMs });
  }

  syncAll(): Promise<SyncRunRecord[]> {
    return this.call({ type: 'syncAll', id: ++this.nextId });
  }

  async idle(): Promise<void> {
    await this.call({ type: 'idle', id: ++this.nextId });
  }

  /** Whether the thread is up (for /readyz). */
  isAlive(): boolean {
    return this.alive;
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    await this.call({ type: 'stop', id: ++this.nextId }).catch(() => undefined);
    this.alive = false;
    await this.worker.terminate();
  }

  private call<T>(msg: ThreadRequest): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise<T>((resolve, reject) => {
      this.calls.set(msg.id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage(msg);
    });
  }

  private settle(msg: ThreadReply): void {
    if (msg.type === 'done') {
      this.ends.get(msg.id)?.(msg.run);
      this.ends.delete(msg.id);
      return;
    }
    if (msg.type !== 'result') return;
    const call = this.calls.get(msg.id);
    this.calls.delete(msg.id);
    if (msg.error !== undefined) call?.reject(new Error(msg.error));
    else call?.resolve(msg.result);
  }

  private gone(err: Error): void {
    this.alive = false;
    this.exited = err;
    for (const call of this.calls.values()) call.reject(err);
    this.calls.clear();
  }
}
