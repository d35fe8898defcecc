import type { ConnectionRecord } from '../connections/connection.model';
import type { ConnectionRepository } from '../connections/connection.repository';
import { randomUUID } from 'node:crypto';
import type { Connectors } from '../connectors/connectors';
import { AppError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { type SyncRunRecord, SyncRunStatus, zeroCounts } from '../runs/sync-run.model';
import type { SyncRunRepository } from '../runs/sync-run.repository';
import { runSync } from './run-sync';
import type { SyncDeps } from './sync-deps';
import type { SyncLeaseRepository } from './sync-lease.repository';

/** How long a run whose outcome could not be written keeps trying to write it (Neo4j restarting). */
const FAILURE_RECORD_RETRY_MS = 120_000;

/** A started run and the promise of its end. */
interface InFlight {
  run: SyncRunRecord;
  done: Promise<SyncRunRecord>;
}

/**
 * Starts syncs: at most one per connection in this process and, through a lease in Neo4j, across every
 * process sharing the database (a second request gets the running run), and at most `concurrency` at once
 * for a scheduled firing. Each connection's failure stays its own.
 */
export class SyncService {
  private readonly inFlight = new Map<string, Promise<InFlight>>();
  private stopping = false;
  /** Aborted by stop(): runs under way end before their next page, as FAILED with nothing removed. */
  private readonly shutdown = new AbortController();

  constructor(
    private readonly deps: SyncDeps,
    private readonly connectors: Connectors,
    private readonly connections: ConnectionRepository,
    private readonly runs: SyncRunRepository,
    private readonly leases: SyncLeaseRepository,
    private readonly logger: Logger,
    private readonly concurrency: number,
  ) {}

  /** Starts a sync of one connection now, or returns the run already under way. */
  start(connection: ConnectionRecord, trigger: string): Promise<InFlight> {
    const existing = this.inFlight.get(connection.id);
    if (existing) return existing;
    // Registered before the first await, so two calls in the same tick share one run.
    const entry = this.begin(connection, trigger);
    this.inFlight.set(connection.id, entry);
    void entry
      .then(
        (f) => f.done,
        () => undefined,
      )
      .finally(() => this.inFlight.delete(connection.id));
    return entry;
  }

  private async begin(connection: ConnectionRecord, trigger: string): Promise<InFlight> {
    // Before any lease or run: a connection whose connector this deployment lacks cannot sync here.
    const connector = this.connectors.get(connection.provider);
    const runId = randomUUID();
    const lease = await this.leases.acquire(connection.id, runId);
    if (!lease.acquired) {
      const theirs = await this.runOf(lease.runId);
      return { run: theirs, done: Promise.resolve(theirs) };
    }
    let run: SyncRunRecord;
    try {
      run = await this.runs.start(connection.id, runId, trigger);
    } catch (err) {
      await this.leases.release(connection.id, runId).catch(() => undefined);
      throw err;
    }
    // A run never rejects. When even recording its outcome fails (Neo4j went away), the FAILED record is
    // retried until Neo4j is back (bounded), so no run is left RUNNING after a database restart.
    // Heartbeat: the lease outlives the run only by its TTL, so a crashed process's lease is taken over soon.
    const heartbeat = setInterval(
      () => {
        this.leases.extend(connection.id, runId).catch((err: unknown) => this.logger.warn({ err, runId }, 'Lease heartbeat failed'));
      },
      Math.max(1000, (this.leases.ttlSeconds * 1000) / 4),
    );
    heartbeat.unref();
    const done = runSync(this.deps, connector, connection, run, this.shutdown.signal)
      .catch(async (err: unknown) => {
        this.logger.error({ err, connectionId: connection.id, runId }, 'Sync run could not be recorded; retrying as FAILED');
        return this.recordFailure(run, err);
      })
      .finally(() => clearInterval(heartbeat))
      .finally(() =>
        this.leases
          .release(connection.id, runId)
          .catch((err: unknown) => this.logger.warn({ err, runId }, 'Lease release failed; it expires by itself')),
      );
    return { run, done };
  }

  private async recordFailure(run: SyncRunRecord, err: unknown): Promise<SyncRunRecord> {
    // A sentence, never the driver's message (it can carry Cypher and constraint names to the API).
    const reason =
      err instanceof AppError ? err.message : 'The run could not be recorded (the graph database failed); nothing was removed.';
    const deadline = Date.now() + FAILURE_RECORD_RETRY_MS;
    for (;;) {
      try {
        return await this.runs.finish(run.id, SyncRunStatus.FAILED, zeroCounts(), reason, null);
      } catch {
        if (Date.now() > deadline) return { ...run, status: SyncRunStatus.FAILED, finishedAt: new Date(), error: reason };
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** The run another process holds the lease for; it records it right after taking the lease. */
  private async runOf(runId: string): Promise<SyncRunRecord> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const run = await this.runs.find(runId);
      if (run) return run;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Sync run ${runId} holds the lease but was never recorded`);
  }

  /**
   * Waits until no run of the connection is under way, here or in another replica (its lease is gone or
   * stale), for at most `timeoutMs`. Used before purging a disconnected connection's data.
   */
  async quiesce(connectionId: string, timeoutMs = 60_000): Promise<void> {
    const local = this.inFlight.get(connectionId);
    if (local) await local.then((f) => f.done).catch(() => undefined);
    const deadline = Date.now() + timeoutMs;
    while ((await this.leases.held(connectionId)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  }

  /** The run under way for a connection in this process, if any. */
  running(connectionId: string): Promise<InFlight> | undefined {
    return this.inFlight.get(connectionId);
  }

  /** What the cron calls: syncs every CONNECTED connection of a configured connector, `concurrency` at a time, and waits for all. */
  async syncAll(): Promise<SyncRunRecord[]> {
    const queue = (await this.connections.listSyncable()).filter((c) => this.connectors.find(c.provider));
    const results: SyncRunRecord[] = [];
    const worker = async () => {
      for (let next = queue.shift(); next && !this.stopping; next = queue.shift()) {
        try {
          const { done } = await this.start(next, 'schedule');
          results.push(await done);
        } catch (err) {
          this.logger.error({ err, connectionId: next.id }, 'Could not start a scheduled sync');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.concurrency) }, worker));
    return results;
  }

  /** Waits until every run this process started has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()].map((f) => f.then((x) => x.done)));
  }

  /**
   * Graceful shutdown: takes no new work, asks the runs under way to stop before their next page (each is
   * recorded FAILED, removes nothing and releases its lease), and waits for them.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.shutdown.abort();
    await this.idle();
  }
}
