import type { RunCoordinator } from 'node-cron';
import type { ConnectionRecord } from '../connections/connection.model';
import type { Logger } from '../lib/logger';
import { type SyncSchedule, slotKey, type Window } from './schedule-slots';
import type { InFlight } from './sync-runner';

/** A slot this far behind is still started (a restart, a busy worker); older ones wait for the next window. */
export const CATCH_UP_MS = 10 * 60_000;
/** How long a claim on a connection's window lasts if its holder never completes it (it crashed). */
const FIRING_LEASE_MS = 10 * 60_000;

/** What the spread schedule needs: the connections, a way to start a run, and the cross-replica claim. */
export interface SpreadScheduleDeps {
  schedule: SyncSchedule;
  listSyncable(): Promise<ConnectionRecord[]>;
  start(connection: ConnectionRecord, trigger: string): Promise<InFlight>;
  coordinator: RunCoordinator;
  logger: Logger;
  /** Most scheduled runs this process has under way at once. */
  concurrency: number;
}

/** The claim key of one connection's run in one window: exactly one replica claims it (CronFiring, ADR 0007). */
export function firingKey(connectionId: string, window: Window): string {
  return `sync:${connectionId}:${window.start.toISOString()}`;
}

/**
 * The spread schedule's work, called on every tick (tests call `tick` directly): starts each connection
 * whose slot in its window has come, at most once per window across every replica (the connection's
 * window key is claimed through the cron coordinator) and at most `concurrency` at once here.
 */
export class SpreadSchedule {
  private readonly running = new Set<string>();
  /** Keys this process claimed, or saw refused (retried once a dead holder's claim could have expired). */
  private readonly decided = new Map<string, { claimed: boolean; at: number }>();

  constructor(private readonly deps: SpreadScheduleDeps) {}

  /** Starts the connections due at `now`; returns how many it started. */
  async tick(now = new Date()): Promise<number> {
    const { schedule, coordinator, logger } = this.deps;
    // This window, and the one before it: a slot just before a window's end may be seen after it.
    const current = schedule.windowAt(now);
    const windows = [current, schedule.windowAt(new Date(current.start.getTime() - 1))];
    this.forget(now.getTime());
    let started = 0;
    for (const connection of await this.deps.listSyncable()) {
      if (this.running.size >= this.deps.concurrency) break;
      if (this.running.has(connection.id)) continue;
      for (const window of windows) {
        const slot = schedule.slotIn(window, slotKey(connection.tenantId, connection.provider, connection.workspaceId)).getTime();
        if (slot > now.getTime() || slot <= now.getTime() - CATCH_UP_MS) continue;
        const key = firingKey(connection.id, window);
        const seen = this.decided.get(key);
        if (seen && (seen.claimed || now.getTime() - seen.at < FIRING_LEASE_MS)) continue;
        let claimed: boolean;
        try {
          claimed = await coordinator.shouldRun(key, FIRING_LEASE_MS);
        } catch (err) {
          logger.error({ err, connectionId: connection.id }, 'Scheduled sync skipped: its window could not be claimed in Neo4j');
          continue;
        }
        this.decided.set(key, { claimed, at: now.getTime() });
        if (!claimed) {
          logger.debug(
            { connectionId: connection.id, window: window.start },
            'Scheduled sync left to the replica that claimed this window',
          );
          continue;
        }
        this.run(connection, key);
        started++;
        break;
      }
    }
    return started;
  }

  /** Scheduled runs this process has under way. */
  get busy(): number {
    return this.running.size;
  }

  private run(connection: ConnectionRecord, key: string): void {
    this.running.add(connection.id);
    void this.deps
      .start(connection, 'schedule')
      .then((f) => f.done)
      .then((run) => this.deps.logger.info({ connectionId: connection.id, runId: run.id, status: run.status }, 'Scheduled sync finished'))
      .catch((err: unknown) => this.deps.logger.error({ err, connectionId: connection.id }, 'Could not start a scheduled sync'))
      .finally(() => {
        this.running.delete(connection.id);
        void Promise.resolve(this.deps.coordinator.onComplete?.(key)).catch(() => undefined);
      });
  }

  private forget(nowMs: number): void {
    // Keys of windows long gone are never asked again.
    for (const [key, seen] of this.decided) if (nowMs - seen.at > 2 * CATCH_UP_MS + FIRING_LEASE_MS) this.decided.delete(key);
  }
}
