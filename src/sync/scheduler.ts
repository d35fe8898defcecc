import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { AuditRepository } from '../audit/audit.repository';
import type { Logger } from '../lib/logger';
import type { SyncSchedule } from './schedule-slots';
import type { SpreadSchedule } from './spread-schedule';

/** A running schedule: its state for /readyz, and a stop that lets runs under way finish elsewhere. */
export interface ScheduleHandle {
  state(): 'running' | 'stopped';
  stop(): void;
}

/**
 * Registers the spread schedule: a tick every minute (every second when SYNC_CRON's windows are shorter than
 * ten minutes, as in tests), never two ticks at once. The work is SpreadSchedule.tick, which tests call directly;
 * with several replicas every one ticks and the per-connection window claim lets exactly one run each slot.
 */
export function scheduleSync(schedule: SyncSchedule, spread: SpreadSchedule, logger: Logger): ScheduleHandle {
  const window = schedule.windowAt(new Date());
  const everyMs = window.end.getTime() - window.start.getTime() < 10 * 60_000 ? 1000 : 60_000;
  let ticking = false;
  let stopped = false;
  const tick = () => {
    if (ticking || stopped) return;
    ticking = true;
    spread
      .tick()
      .catch((err: unknown) => logger.error({ err }, 'Scheduled sync tick failed; the next tick tries again'))
      .finally(() => (ticking = false));
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  setImmediate(tick);
  return {
    state: () => (stopped ? 'stopped' : 'running'),
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/** How long a replica's claim on the daily prune lasts if it never reports completion (it crashed). */
const PRUNE_LEASE_MS = 10 * 60_000;

/** Daily, off the hour most crons use; a missed day only means one more day's events are deleted the next. */
export const AUDIT_PRUNE_CRON = '23 3 * * *';

/**
 * Registers the audit trail's retention: once a day one replica (the same Neo4j run coordinator as the sync)
 * deletes events older than `days`. The work is AuditRepository.prune, which tests call directly.
 */
export function scheduleAuditPrune(audit: AuditRepository, days: number, logger: Logger, coordinator: RunCoordinator): ScheduledTask {
  const task = cron.schedule(
    AUDIT_PRUNE_CRON,
    async () => {
      const deleted = await audit.prune(days);
      logger.info({ deleted, retentionDays: days }, 'Pruned the audit trail');
    },
    { name: 'audit-prune', noOverlap: true, distributed: true, runCoordinator: coordinator, distributedLease: PRUNE_LEASE_MS },
  );
  task.on('execution:failed', (ctx) => logger.error({ err: ctx.execution?.error }, 'Pruning the audit trail failed'));
  return task;
}
