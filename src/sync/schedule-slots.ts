import { createHash } from 'node:crypto';
import cron from 'node-cron';

/** One window of the schedule: from one firing of SYNC_CRON to the next. */
export interface Window {
  start: Date;
  end: Date;
}

interface Matcher {
  getNextMatch(from: Date): Date;
}

/**
 * The schedule's windows and each connection's slot in them (ADR 0012). SYNC_CRON keeps its meaning for
 * operators: its firings start the windows, and every connection syncs once per window, at start + its own
 * stable share of the window's length, so the connections of every tenant no longer start at the same minute.
 */
export class SyncSchedule {
  private readonly matcher: Matcher;
  private cached: Window | null = null;

  constructor(readonly expression: string) {
    if (!cron.validate(expression)) throw new Error(`SYNC_CRON "${expression}" is not a valid cron expression`);
    // node-cron computes next firings from any date with its task's matcher, which it does not export by name.
    const matcher = (cron.createTask(expression, () => undefined) as unknown as { timeMatcher?: Partial<Matcher> }).timeMatcher;
    if (typeof matcher?.getNextMatch !== 'function')
      throw new Error('node-cron no longer exposes its time matcher: the sync schedule cannot compute windows');
    this.matcher = matcher as Matcher;
  }

  /** The window `at` falls in: the last firing at or before it, to the next one. */
  windowAt(at: Date): Window {
    const c = this.cached;
    if (c && c.start <= at && at < c.end) return c;
    const start = this.lastFiringAtOrBefore(at);
    const window = { start, end: this.matcher.getNextMatch(start) };
    this.cached = window;
    return window;
  }

  /** When the connection syncs in `window`. */
  slotIn(window: Window, key: string): Date {
    const length = window.end.getTime() - window.start.getTime();
    // Whole seconds: the slot reads well in nextSyncAt, and windows of a few seconds (tests) still spread.
    return new Date(window.start.getTime() + Math.floor((slotShare(key) * length) / 1000) * 1000);
  }

  /** The connection's next slot after `now`: in this window if still ahead, else in the next one. */
  nextSlot(key: string, now = new Date()): Date {
    const window = this.windowAt(now);
    const slot = this.slotIn(window, key);
    return slot > now ? slot : this.slotIn(this.windowAt(window.end), key);
  }

  private lastFiringAtOrBefore(at: Date): Date {
    // Looks back far enough to find a firing, then walks forward to the last one not after `at`.
    for (const back of [3_600_000, 86_400_000, 32 * 86_400_000, 366 * 86_400_000, 5 * 366 * 86_400_000]) {
      let firing = this.matcher.getNextMatch(new Date(at.getTime() - back));
      if (firing > at) continue;
      for (let next = this.matcher.getNextMatch(firing); next <= at; next = this.matcher.getNextMatch(firing)) firing = next;
      return firing;
    }
    throw new Error(`SYNC_CRON "${this.expression}" does not fire within five years`);
  }
}

/** A connection's stable share of every window, in [0, 1): from a hash of its natural key. */
export function slotShare(key: string): number {
  return createHash('sha256').update(key).digest().readUIntBE(0, 6) / 2 ** 48;
}

/** The key a connection's slot is hashed from: tenant, provider and workspace, which a reconnect keeps. */
export function slotKey(tenantId: string, provider: string, workspaceId: string): string {
  return `${tenantId}\u0000${provider}\u0000${workspaceId}`;
}
