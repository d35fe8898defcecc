import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../lib/logger';
import type { SyncService } from './sync.service';

/** Registers the periodic sync; the work itself is SyncService.syncAll, which tests call directly. */
export function scheduleSync(expression: string, sync: SyncService, logger: Logger): ScheduledTask {
  if (!cron.validate(expression)) throw new Error(`SYNC_CRON "${expression}" is not a valid cron expression`);
  return cron.schedule(
    expression,
    async () => {
      const runs = await sync.syncAll();
      logger.info({ runs: runs.length, failed: runs.filter((r) => r.status === 'FAILED').length }, 'Scheduled sync finished');
    },
    { name: 'notion-sync', noOverlap: true },
  );
}
