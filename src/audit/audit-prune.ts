import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../lib/logger';
import type { AuditRepository } from './audit.repository';

/** Daily, off the hour most crons use; a missed day only means one more day's events are deleted the next. */
export const AUDIT_PRUNE_CRON = '23 3 * * *';

/**
 * Registers the audit trail's retention: once a day every API process deletes events older than `days`. The
 * delete is idempotent (a second replica finds nothing left), so no claim is needed (ADR 0015 retired CronFiring).
 * The work is AuditRepository.prune, which tests call directly.
 */
export function scheduleAuditPrune(audit: AuditRepository, days: number, logger: Logger): ScheduledTask {
  const task = cron.schedule(
    AUDIT_PRUNE_CRON,
    async () => {
      const deleted = await audit.prune(days);
      logger.info({ deleted, retentionDays: days }, 'Pruned the audit trail');
    },
    { name: 'audit-prune', noOverlap: true },
  );
  task.on('execution:failed', (ctx) => logger.error({ err: ctx.execution?.error }, 'Pruning the audit trail failed'));
  return task;
}
