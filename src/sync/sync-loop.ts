import cron, { type ScheduledTask } from 'node-cron';
import type { ConnectionRecord } from '../connections/connection.model';
import type { Connectors } from '../connectors/connectors';
import { AppError } from '../lib/errors';
import { notify } from '../runs/sync-observer';
import { type SyncRunRecord, SyncRunStatus, zeroCounts } from '../runs/sync-run.model';
import { runSync } from '../runs/run-sync';
import { type SyncSchedule, slotKey } from './schedule-slots';
import type { SyncDeps } from '../runs/sync-deps';
import type { Claimed, Placed, Requested, SyncQueue } from './sync-queue.repository';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long a run whose outcome could not be written keeps trying to write it (Neo4j restarting). */
const FAILURE_RECORD_RETRY_MS = 120_000;
/** Slots placed per transaction when a window is marked. */
const PLACE_PER_MARK = 10_000;

/** A started run and the promise of its end. */
export interface InFlight {
  run: SyncRunRecord;
  done: Promise<SyncRunRecord>;
}

/** How a process takes part in the sync. */
export interface LoopOptions {
  queue: SyncQueue;
  connectors: Connectors;
  /** The schedule when SYNC_ENABLED (due connections are claimed), null when only requests run. */
  schedule: SyncSchedule | null;
  /** This process among the replicas: the owner of its leases. */
  owner: string;
  /** Whether this loop claims (worker, CLI, the `all` role's thread) or only asks (SYNC_ROLE=api, the `all` role's API thread). */
  claims: boolean;
  /** Most runs this process has under way at once, requested or scheduled (SYNC_CONCURRENCY). */
  concurrency: number;
  /** A lease lasts this long past its last heartbeat (every quarter of it). */
  leaseMs: number;
  /** How long `start` waits for a claim to serve its request. */
  answerMs: number;
}

/**
 * The one sync loop (ADR 0015). Every process asks for runs the same way (`requestedAt` on the connection); a
 * process that claims runs what it claimed, at most `concurrency` at once, heartbeating each lease, and at each
 * run's end moves the connection's slot, clears what the run served and releases the lease.
 */
export class SyncLoop {
  private readonly local = new Map<string, InFlight>();
  private readonly shutdown = new AbortController();
  private ticking: Promise<number> | null = null;
  private readonly tasks: ScheduledTask[] = [];
  private wake: (connectionId: string) => void = (id) => void this.tick(id).catch(() => undefined);
  private claimedNearby = false;

  constructor(
    private readonly deps: SyncDeps,
    private readonly o: LoopOptions,
  ) {}

  /** The `all` role's API thread: its thread claims what it asks for, woken at once rather than at its next tick. */
  claimIn(thread: { wake(connectionId: string): void }): void {
    this.wake = (id) => thread.wake(id);
    this.claimedNearby = true;
  }

  /** Asks for a run (connect, reconnect, syncConnection, the CLI): when it was asked for, or the run under way. */
  async request(connection: ConnectionRecord, trigger: string, force = false): Promise<Requested> {
    // Here, not where the run happens: the caller gets the domain error with its code, whichever process would run it.
    this.o.connectors.get(connection.provider);
    const asked = await this.o.queue.request(connection.id, trigger, force);
    if (!asked)
      throw new AppError('NOT_FOUND', 'CONNECTION_NOT_FOUND', `No connection with id "${connection.id}" exists in your organisation.`);
    if (!asked.running) this.wake(connection.id);
    return asked;
  }

  /** Asks for a run and waits (at most `answerMs`) for the run that serves it, whichever process claims it. */
  async start(connection: ConnectionRecord, trigger: string, force = false): Promise<InFlight> {
    const asked = await this.request(connection, trigger, force);
    if (asked.running) return this.inFlight(connection, asked.running);
    for (const deadline = Date.now() + this.o.answerMs; ; await sleep(50)) {
      const run = await this.o.queue.runFor(connection.id, asked.since);
      if (run) return this.inFlight(connection, run);
      if (Date.now() > deadline) {
        throw new AppError(
          'UPSTREAM_UNAVAILABLE',
          'SYNC_QUEUED',
          'The sync was queued but no sync worker picked it up yet; it starts as soon as one does.',
        );
      }
    }
  }

  /** A run under way: this process's own, or one another process runs (its end polled). */
  private inFlight(connection: ConnectionRecord, run: SyncRunRecord): InFlight {
    const local = this.local.get(connection.id);
    return local?.run.id === run.id ? local : { run, done: this.finished(connection.tenantId, run) };
  }

  /**
   * Follows a run another process holds until it ends, or until this process stops (then the last record read, still
   * RUNNING: nobody here waits any more, and a poll that outlived its process kept that process from exiting).
   */
  private async finished(tenantId: string, run: SyncRunRecord): Promise<SyncRunRecord> {
    for (let current = run; ; await sleep(250)) {
      if (this.shutdown.signal.aborted) return current;
      // A read that fails (Neo4j away) is asked again at the next turn: the run's end is still to come.
      current = (await this.deps.runs.get(tenantId, run.id).catch(() => null)) ?? current;
      if (current.status !== SyncRunStatus.RUNNING) return current;
    }
  }

  /** One turn of the loop: claims what is due or requested (only `only`, when given) and starts it. */
  tick(only: string | null = null): Promise<number> {
    if (!this.o.claims || this.shutdown.signal.aborted) return Promise.resolve(0);
    // One claim at a time per process; a wake during a claim runs right after it.
    const next = (this.ticking ?? Promise.resolve(0)).catch(() => 0).then(() => this.claimAndRun(only));
    return (this.ticking = next);
  }

  private async claimAndRun(only: string | null): Promise<number> {
    if (this.shutdown.signal.aborted) return 0;
    const claimed = await this.o.queue.claim({
      owner: this.o.owner,
      limit: this.o.concurrency - this.local.size,
      leaseMs: this.o.leaseMs,
      providers: this.o.connectors.list().map((c) => c.provider),
      keyIds: this.deps.credentials.keyIds,
      scheduled: this.o.schedule !== null,
      only,
    });
    for (const c of claimed) this.local.set(c.connection.id, { run: c.run, done: this.run(c) });
    return claimed.length;
  }

  /** Runs a claimed connection to its end, heartbeating its lease, then releases the lease and claims again. */
  private async run({ connection, run }: Claimed): Promise<SyncRunRecord> {
    const abort = new AbortController();
    const heartbeat = setInterval(() => {
      this.o.queue.extend(connection.id, run.id, this.o.owner, this.o.leaseMs).then(
        (kept) => kept || (this.deps.logger.warn({ runId: run.id }, 'Lease lost to another process; this run stops'), abort.abort()),
        (err: unknown) => this.deps.logger.warn({ err, runId: run.id }, 'Lease heartbeat failed'),
      );
    }, this.o.leaseMs / 4);
    heartbeat.unref();
    const started = Date.now();
    let finished: SyncRunRecord;
    try {
      const signal = AbortSignal.any([abort.signal, this.shutdown.signal]);
      finished = await runSync(this.deps, this.o.connectors.get(connection.provider), connection, run, signal);
      notify(this.deps.observers, 'finished', finished, Date.now() - started);
    } catch (err) {
      this.deps.logger.error({ err, connectionId: connection.id, runId: run.id }, 'Sync run could not be recorded; retrying as FAILED');
      finished = await this.recordFailure(run, err);
    } finally {
      clearInterval(heartbeat);
    }
    const nextDueAt = this.o.schedule?.nextSlot(slotKey(connection.tenantId, connection.provider, connection.workspaceId)) ?? null;
    await this.o.queue
      .release(connection.id, run.id, nextDueAt)
      .catch((err: unknown) => this.deps.logger.warn({ err, runId: run.id }, 'Lease release failed; it expires by itself'));
    this.local.delete(connection.id);
    void this.tick().catch(() => undefined);
    return finished;
  }

  private async recordFailure(run: SyncRunRecord, err: unknown): Promise<SyncRunRecord> {
    // A sentence, never the driver's message (it can carry Cypher and constraint names to the API).
    const reason =
      err instanceof AppError ? err.message : 'The run could not be recorded (the graph database failed); nothing was removed.';
    for (const deadline = Date.now() + FAILURE_RECORD_RETRY_MS; ; await sleep(1000)) {
      try {
        return await this.deps.runs.finish(run.id, SyncRunStatus.FAILED, zeroCounts(), reason, null);
      } catch {
        if (Date.now() > deadline) return { ...run, status: SyncRunStatus.FAILED, finishedAt: new Date(), error: reason };
      }
    }
  }

  /** Marks a window (SYNC_CRON fired, or the loop started): every CONNECTED connection without a slot gets this window's. */
  async markWindow(now = new Date()): Promise<void> {
    const schedule = this.o.schedule;
    if (!schedule) return;
    const window = schedule.windowAt(now);
    const slotOf = (c: Placed) => schedule.slotIn(window, slotKey(c.tenantId, c.provider, c.workspaceId));
    while ((await this.o.queue.place(PLACE_PER_MARK, slotOf)) === PLACE_PER_MARK);
  }

  async quiesce(connectionId: string, timeoutMs = 60_000): Promise<void> {
    await this.local.get(connectionId)?.done;
    const deadline = Date.now() + timeoutMs;
    while ((await this.o.queue.held(connectionId)) && Date.now() < deadline) await sleep(250);
  }

  /** Waits for what this deployment was asked to run (an `api` process, which runs none, waits for nothing). */
  async idle(timeoutMs = 120_000): Promise<void> {
    if (!this.o.claims && !this.claimedNearby) return;
    const deadline = Date.now() + timeoutMs;
    const providers = this.o.connectors.list().map((c) => c.provider);
    // A read that fails (Neo4j away) counts as "still pending": idle waits for Neo4j rather than rejecting.
    const pending = () => this.o.queue.pending(providers, this.deps.credentials.keyIds).catch(() => 1);
    while (this.local.size > 0 || (await pending()) > 0) {
      if (Date.now() > deadline) throw new Error('Sync runs were still pending after the idle timeout');
      await Promise.race([sleep(100), ...[...this.local.values()].map((f) => f.done)]);
    }
  }

  /**
   * Starts the loop in a process that syncs (a worker, the `all` role's thread): node-cron ticks it every second
   * (SYNC_ENABLED or not: requests always run), and each SYNC_CRON firing marks the window (ADR 0015).
   */
  begin(): void {
    const failed = (what: string) => (err: unknown) => this.deps.logger.error({ err }, `${what} failed; the next tick tries again`);
    const mark = () => this.markWindow().catch(failed('Marking the sync window'));
    const tick = () => void this.tick().catch(failed('Claiming syncs'));
    const ticker = cron.schedule('* * * * * *', tick, { name: 'sync-loop', noOverlap: true });
    ticker.on('execution:missed', () => undefined); // a late tick (a busy event loop) is harmless: the next one claims
    this.tasks.push(ticker);
    if (this.o.schedule) this.tasks.push(cron.schedule(this.o.schedule.expression, mark, { name: 'sync-window', noOverlap: true }));
    void mark();
  }

  /** The schedule's state for /readyz. */
  scheduler(): 'running' | 'disabled' | 'stopped' {
    return this.shutdown.signal.aborted ? 'stopped' : this.o.schedule ? 'running' : 'disabled';
  }

  /** Graceful shutdown: claims nothing more, asks the runs under way to stop before their next page, waits for them. */
  async stop(): Promise<void> {
    for (const task of this.tasks.splice(0)) await task.destroy();
    this.shutdown.abort();
    await this.ticking?.catch(() => undefined);
    await Promise.allSettled([...this.local.values()].map((f) => f.done));
  }
}
