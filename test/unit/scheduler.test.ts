import { createLogger } from '../../src/lib/logger';
import { scheduleSync } from '../../src/sync/scheduler';
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
