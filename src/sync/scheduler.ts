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
