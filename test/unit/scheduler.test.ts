import { createLogger } from '../../src/lib/logger';
import type { AuditRepository } from '../../src/audit/audit.repository';
import { SyncSchedule } from '../../src/sync/schedule-slots';
import { AUDIT_PRUNE_CRON, scheduleAuditPrune, scheduleSync } from '../../src/sync/scheduler';
import type { SpreadSchedule } from '../../src/sync/spread-schedule';

describe('scheduleSync', () => {
  const logger = createLogger('silent');

  it('refuses an invalid cron expression', () => {
    expect(() => new SyncSchedule('every six hours')).toThrow(/not a valid cron expression/);
  });

  it('ticks the spread schedule at once, and no more after stop', async () => {
    let ticks = 0;
    const spread = { tick: async () => (ticks++, 0) } as unknown as SpreadSchedule;
    const handle = scheduleSync(new SyncSchedule('0 */6 * * *'), spread, logger);
    await new Promise((r) => setImmediate(r));
    expect(ticks).toBe(1);
    expect(handle.state()).toBe('running');
    handle.stop();
    expect(handle.state()).toBe('stopped');
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
