import type { ConnectionRecord } from '../connections/connection.model';
import { AppError } from '../lib/errors';
import { type SyncRunRecord, SyncRunStatus } from '../runs/sync-run.model';
import type { SyncRunRepository } from '../runs/sync-run.repository';
import type { SyncLeaseRepository } from './sync-lease.repository';
import type { SyncRequestRepository } from './sync-request.repository';
import type { InFlight, SyncRunner } from './sync-runner';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The sync as an API process without one sees it (SYNC_ROLE=api): every run is asked of a worker through
 * Neo4j (SyncRequestRepository). `start` waits, bounded, for a worker to answer with the run it started (or
 * the one under way), so `syncConnection` still returns a run; `request` records and returns at once.
 */
export class RequestedSync implements SyncRunner {
  constructor(
    private readonly requests: SyncRequestRepository,
    private readonly runs: SyncRunRepository,
    private readonly leases: Pick<SyncLeaseRepository, 'held'>,
    /** How long `start` waits for a worker to answer (a few of its polls). */
    private readonly answerTimeoutMs: number,
  ) {}

  async request(connection: ConnectionRecord, trigger: string): Promise<void> {
    await this.requests.create(connection.tenantId, connection.id, trigger);
  }

  async start(connection: ConnectionRecord, trigger: string): Promise<InFlight> {
    const id = await this.requests.create(connection.tenantId, connection.id, trigger);
    const deadline = Date.now() + this.answerTimeoutMs;
    for (;;) {
      const request = await this.requests.find(id);
      if (request?.runId) {
        const run = await this.runs.get(connection.tenantId, request.runId);
        if (run) return { run, done: this.finished(connection.tenantId, run) };
      }
      if (request?.state === 'DROPPED')
        throw new AppError('CONFLICT', 'CONNECTION_NOT_CONNECTED', 'This connection is no longer connected; reconnect it before syncing.');
      if (Date.now() > deadline) {
        throw new AppError(
          'UPSTREAM_UNAVAILABLE',
          'SYNC_QUEUED',
          'The sync was queued but no sync worker picked it up yet; it starts as soon as one does.',
        );
      }
      await sleep(100);
    }
  }

  running(): undefined {
    return undefined;
  }

  /** Waits while any process holds the connection's lease (a run under way on a worker). */
  async quiesce(connectionId: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.leases.held(connectionId)) && Date.now() < deadline) await sleep(250);
  }

  async syncAll(): Promise<SyncRunRecord[]> {
    throw new Error('An API process (SYNC_ROLE=api) runs no sync; the workers run the schedule.');
  }

  async idle(): Promise<void> {
    // This process starts no run, so it has none to wait for.
  }

  async stop(): Promise<void> {}

  /** Resolves when the worker has closed the run (polled; only benchmarks and tests wait on it). */
  private async finished(tenantId: string, run: SyncRunRecord): Promise<SyncRunRecord> {
    for (let current = run; ; await sleep(250)) {
      current = (await this.runs.get(tenantId, run.id)) ?? current;
      if (current.status !== SyncRunStatus.RUNNING) return current;
    }
  }
}
