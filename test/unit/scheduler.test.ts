import { createLogger } from '../../src/lib/logger';
import type { AuditRepository } from '../../src/audit/audit.repository';
import { AUDIT_PRUNE_CRON, scheduleAuditPrune, scheduleSync } from '../../src/sync/scheduler';
import type { SyncService } from '../../src/sync/sync.service';

describe('scheduleSync', () => {
  const logger = createLogger('silent');
  const alwaysRun = { shouldRun: () => true };

  it('refuses an invalid cron expression', () => {
    const sync = { syncAll: async () => [] } as unknown as SyncService;
    expect(() => scheduleSync('every six hours', sync, logger, alwaysRun)).toThrow(/not a valid cron expression/);
  });

  it('runs SyncService.syncAll when it fires', async () => {
    let calls = 0;
    const sync = { syncAll: async () => (calls++, []) } as unknown as SyncService;
    const task = scheduleSync('0 */6 * * *', sync, logger, alwaysRun);
    await task.execute();
    await task.stop();
    expect(calls).toBe(1);
  });
});

describe('scheduleAuditPrune', () => {
  it('prunes the audit trail with the configured retention when it fires, daily', async () => {
    const days: number[] = [];
    const audit = { prune: async (d: number) => (days.push(d), 3) } as unknown as AuditRepository;
    const task = scheduleAuditPrune(audit, 400, createLogger('silent'), { shouldRun: () => true });
    await task.execute();
    await task.stop();
    expect(days).toEqual([400]);
    expect(AUDIT_PRUNE_CRON.split(' ').slice(2)).toEqual(['*', '*', '*']);
  });
});
