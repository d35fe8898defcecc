import { createHash } from 'node:crypto';
import { CronExpressionParser } from 'cron-parser';
import cron from 'node-cron';

/** One window of the schedule: from one firing of SYNC_CRON to the next. */
export interface Window {
  start: Date;
  end: Date;
}

/**
 * The schedule's windows and each connection's slot in them (ADR 0012, ADR 0015). SYNC_CRON keeps its meaning for
 * operators: its firings start the windows, and every connection syncs once per window, at start + its own
 * stable share of the window's length, so the connections of every tenant no longer start at the same minute.
 * Firings are computed by cron-parser (node-cron only validates the expression and ticks).
 */
export class SyncSchedule {
  private cached: Window | null = null;

  constructor(readonly expression: string) {
    if (!cron.validate(expression)) throw new Error(`SYNC_CRON "${expression}" is not a valid cron expression`);
  }

  /** The window `at` falls in: the last firing at or before it, to the next one. */
  windowAt(at: Date): Window {
    const c = this.cached;
    if (c && c.start <= at && at < c.end) return c;
    // prev() is strictly before its date: one millisecond on, a firing exactly at `at` is found.
    const start = CronExpressionParser.parse(this.expression, { currentDate: new Date(at.getTime() + 1) })
      .prev()
      .toDate();
    const window = { start, end: CronExpressionParser.parse(this.expression, { currentDate: start }).next().toDate() };
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
}

/** A connection's stable share of every window, in [0, 1): from a hash of its natural key. */
export function slotShare(key: string): number {
  return createHash('sha256').update(key).digest().readUIntBE(0, 6) / 2 ** 48;
}

/** The key a connection's slot is hashed from: tenant, provider and workspace, which a reconnect keeps. */
export function slotKey(tenantId: string, provider: string, workspaceId: string): string {
  return `${tenantId}\u0000${provider}\u0000${workspaceId}`;
}
