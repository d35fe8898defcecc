import { createLogger } from '../../src/lib/logger';
import type { AuditRepository } from '../../src/audit/audit.repository';
import { AUDIT_PRUNE_CRON, scheduleAuditPrune } from '../../src/audit/audit-prune';
import { SyncSchedule } from '../../src/sync/schedule-slots';

describe('the sync schedule', () => {
  it('refuses an invalid cron expression', () => {
    expect(() => new SyncSchedule('every six hours')).toThrow(/not a valid cron expression/);
  });
});

describe('scheduleAuditPrune', () => {
  it('prunes the audit trail with the configured retention when it fires, daily', async () => {
    const days: number[] = [];
    const audit = { prune: async (d: number) => (days.push(d), 3) } as unknown as AuditRepository;
    const task = scheduleAuditPrune(audit, 400, createLogger('silent'));
    await task.execute();
    await task.stop();
    expect(days).toEqual([400]);
    expect(AUDIT_PRUNE_CRON.split(' ').slice(2)).toEqual(['*', '*', '*']);
  });
});
