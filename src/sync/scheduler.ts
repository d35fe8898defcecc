import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { AuditRepository } from '../audit/audit.repository';
import type { Logger } from '../lib/logger';
import type { SyncService } from './sync.service';

/** How long a replica's claim on a firing lasts if it never reports completion (it crashed). */
const FIRING_LEASE_MS = 10 * 60_000;

/**
 * Registers the periodic sync. With several replicas on one Neo4j every one fires, and `coordinator` (a lease
 * in Neo4j, node-cron's `distributed` option) lets exactly one of them run each firing. The work itself is
 * SyncService.syncAll, which tests call directly.
 */
export function scheduleSync(expression: string, sync: SyncService, logger: Logger, coordinator: RunCoordinator): ScheduledTask {
  if (!cron.validate(expression)) throw new Error(`SYNC_CRON "${expression}" is not a valid cron expression`);
  const task = cron.schedule(
    expression,
    async () => {
      const runs = await sync.syncAll();
      logger.info({ runs: runs.length, failed: runs.filter((r) => r.status === 'FAILED').length }, 'Scheduled sync finished');
    },
    { name: 'notion-sync', noOverlap: true, distributed: true, runCoordinator: coordinator, distributedLease: FIRING_LEASE_MS },
  );
  task.on('execution:skipped', (ctx) => {
    if (ctx.reason === 'coordinator-error')
      logger.error({ err: ctx.error, at: ctx.date }, 'Scheduled sync skipped: the firing could not be claimed in Neo4j');
    else logger.info({ at: ctx.date }, 'Scheduled sync left to the replica that claimed this firing');
  });
  return task;
}

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
    { name: 'audit-prune', noOverlap: true, distributed: true, runCoordinator: coordinator, distributedLease: FIRING_LEASE_MS },
  );
  task.on('execution:failed', (ctx) => logger.error({ err: ctx.execution?.error }, 'Pruning the audit trail failed'));
  return task;
}
