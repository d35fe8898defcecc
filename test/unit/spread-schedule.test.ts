import type { RunCoordinator } from 'node-cron';
import type { ConnectionRecord } from '../../src/connections/connection.model';
import { createLogger } from '../../src/lib/logger';
import type { SyncRunRecord } from '../../src/runs/sync-run.model';
import { SyncSchedule, slotKey } from '../../src/sync/schedule-slots';
import { SpreadSchedule } from '../../src/sync/spread-schedule';

/** The claim semantics of Neo4jRunCoordinator, in memory: the first to ask for a key gets it. */
function memoryCoordinator(): RunCoordinator & { keys: Set<string> } {
  const keys = new Set<string>();
  return { keys, shouldRun: (key) => (keys.has(key) ? false : (keys.add(key), true)), onComplete: () => undefined };
}

const connection = (i: number) => ({ id: `c${i}`, tenantId: `t${i % 7}`, provider: 'notion', workspaceId: `w${i}` }) as ConnectionRecord;

function replica(
  schedule: SyncSchedule,
  coordinator: RunCoordinator,
  connections: ConnectionRecord[],
  started: string[],
  concurrency = 1000,
) {
  return new SpreadSchedule({
    schedule,
    coordinator,
    concurrency,
    logger: createLogger('silent'),
    listSyncable: async () => connections,
    start: async (c) => {
      started.push(c.id);
      const run = { id: `run-${started.length}`, status: 'SUCCEEDED' } as SyncRunRecord;
      return { run, done: Promise.resolve(run) };
    },
  });
}

describe('SpreadSchedule', () => {
  const schedule = new SyncSchedule('0 */6 * * *');
  const connections = Array.from({ length: 200 }, (_, i) => connection(i));
  const slot = (c: ConnectionRecord, window: { start: Date; end: Date }) =>
    schedule.slotIn(window, slotKey(c.tenantId, c.provider, c.workspaceId));
  const window = { start: new Date('2026-03-10T06:00:00Z'), end: new Date('2026-03-10T12:00:00Z') };

  it('starts each connection at its slot, once per window, across two replicas ticking every minute', async () => {
    const coordinator = memoryCoordinator();
    const started: string[] = [];
    const [a, b] = [replica(schedule, coordinator, connections, started), replica(schedule, coordinator, connections, started)];
    const claims: Array<{ key: string; at: number }> = [];
    // Two whole windows, a tick a minute on each replica, the second 20 s out of phase.
    const first = window.start.getTime();
    for (let t = first; t <= window.end.getTime() + 6 * 3_600_000; t += 60_000) {
      for (const [r, at] of [
        [a, t],
        [b, t + 20_000],
      ] as const) {
        const before = coordinator.keys.size;
        await r.tick(new Date(at));
        for (const key of [...coordinator.keys].slice(before)) claims.push({ key, at });
      }
    }
    // One run per claimed key, and one key per connection and window.
    expect(started).toHaveLength(claims.length);
    const second = { start: window.end, end: new Date(window.end.getTime() + 6 * 3_600_000) };
    for (const c of connections) {
      for (const w of [window, second]) {
        const mine = claims.filter((k) => k.key === `sync:${c.id}:${w.start.toISOString()}`);
        expect(mine).toHaveLength(1);
        // Never before its slot, and within the tick after it.
        expect(mine[0].at).toBeGreaterThanOrEqual(slot(c, w).getTime());
        expect(mine[0].at - slot(c, w).getTime()).toBeLessThan(60_000);
      }
    }
    // The rest: the window before the first tick, caught up at once, and the third window's first minute.
    const others = claims.filter((k) => !k.key.endsWith(window.start.toISOString()) && !k.key.endsWith(second.start.toISOString()));
    expect(others.length).toBe(claims.length - 2 * connections.length);
    for (const k of others) expect(k.at === first || k.at >= second.end.getTime()).toBe(true);
  });

  it('catches up slots missed while no worker ran, up to ten minutes back, and not older ones', async () => {
    const coordinator = memoryCoordinator();
    const started: string[] = [];
    const now = new Date(window.start.getTime() + 3 * 3_600_000);
    await replica(schedule, coordinator, connections, started).tick(now);
    const expected = connections
      .filter((c) => slot(c, window) <= now && slot(c, window).getTime() > now.getTime() - 10 * 60_000)
      .map((c) => c.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(started.sort()).toEqual(expected.sort());
  });

  it('starts no more than its concurrency at once; the rest stay due for the next tick', async () => {
    const coordinator = memoryCoordinator();
    const started: string[] = [];
    const never = new Promise<SyncRunRecord>(() => undefined);
    const spread = new SpreadSchedule({
      schedule,
      coordinator,
      concurrency: 2,
      logger: createLogger('silent'),
      listSyncable: async () => connections,
      start: async (c) => (started.push(c.id), { run: { id: c.id } as SyncRunRecord, done: never }),
    });
    const now = new Date(window.start.getTime() + 3 * 3_600_000);
    await spread.tick(now);
    await spread.tick(now);
    expect(started).toHaveLength(2);
    expect(coordinator.keys.size).toBe(2);
  });
});
