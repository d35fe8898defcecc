import { SyncSchedule, slotKey, slotShare } from '../../src/sync/schedule-slots';

const at = (iso: string) => new Date(iso);

describe('SyncSchedule windows', () => {
  const schedule = new SyncSchedule('0 */6 * * *');

  it('keeps SYNC_CRON meaning what it says: its firings start the windows', () => {
    expect(schedule.windowAt(at('2026-03-10T07:15:00Z'))).toEqual({ start: at('2026-03-10T06:00:00Z'), end: at('2026-03-10T12:00:00Z') });
    expect(schedule.windowAt(at('2026-03-10T06:00:00Z'))).toEqual({ start: at('2026-03-10T06:00:00Z'), end: at('2026-03-10T12:00:00Z') });
    expect(schedule.windowAt(at('2026-03-10T23:59:59Z'))).toEqual({ start: at('2026-03-10T18:00:00Z'), end: at('2026-03-11T00:00:00Z') });
  });

  it('finds windows of uneven and long expressions', () => {
    const uneven = new SyncSchedule('0 1,7 * * *');
    expect(uneven.windowAt(at('2026-03-10T05:00:00Z'))).toEqual({ start: at('2026-03-10T01:00:00Z'), end: at('2026-03-10T07:00:00Z') });
    expect(uneven.windowAt(at('2026-03-10T00:30:00Z'))).toEqual({ start: at('2026-03-09T07:00:00Z'), end: at('2026-03-10T01:00:00Z') });
    const yearly = new SyncSchedule('0 0 1 1 *');
    expect(yearly.windowAt(at('2026-07-01T00:00:00Z'))).toEqual({ start: at('2026-01-01T00:00:00Z'), end: at('2027-01-01T00:00:00Z') });
  });
});

describe('connection slots', () => {
  const schedule = new SyncSchedule('0 */6 * * *');
  const window = { start: at('2026-03-10T06:00:00Z'), end: at('2026-03-10T12:00:00Z') };
  const keys = Array.from({ length: 6000 }, (_, i) => slotKey(`tenant-${i % 97}`, 'notion', `workspace-${i}`));

  it('gives a connection the same offset in every window, whatever the process', () => {
    const key = slotKey('tenant-a', 'notion', 'ws-1');
    const offset = schedule.slotIn(window, key).getTime() - window.start.getTime();
    const next = { start: window.end, end: at('2026-03-10T18:00:00Z') };
    expect(schedule.slotIn(next, key).getTime() - next.start.getTime()).toBe(offset);
    expect(slotShare(key)).toBe(slotShare(slotKey('tenant-a', 'notion', 'ws-1')));
    expect(slotShare(key)).not.toBe(slotShare(slotKey('tenant-b', 'notion', 'ws-1')));
  });

  it('keeps every slot inside its window, in whole seconds', () => {
    for (const key of keys) {
      const slot = schedule.slotIn(window, key);
      expect(slot >= window.start && slot < window.end).toBe(true);
      expect(slot.getTime() % 1000).toBe(0);
    }
  });

  it('spreads connections evenly over the window (no hour holds more than 1.25× its share)', () => {
    const perHour = new Array(6).fill(0);
    for (const key of keys) perHour[Math.floor((schedule.slotIn(window, key).getTime() - window.start.getTime()) / 3_600_000)]++;
    for (const n of perHour) expect(Math.abs(n - keys.length / 6)).toBeLessThan(keys.length / 6 / 4);
    // And no minute holds a crowd: the busiest of the 360 minutes has under 3× the average.
    const perMinute = new Map<number, number>();
    for (const key of keys) {
      const minute = Math.floor((schedule.slotIn(window, key).getTime() - window.start.getTime()) / 60_000);
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
    }
    expect(Math.max(...perMinute.values())).toBeLessThan((3 * keys.length) / 360);
  });

  it('shows the next slot: this window while it is ahead, else the next window', () => {
    const key = slotKey('tenant-a', 'notion', 'ws-1');
    const slot = schedule.slotIn(window, key);
    expect(schedule.nextSlot(key, new Date(slot.getTime() - 1000))).toEqual(slot);
    expect(schedule.nextSlot(key, slot)).toEqual(new Date(slot.getTime() + 6 * 3_600_000));
  });
});
