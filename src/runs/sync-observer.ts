import type { SyncRunRecord } from './sync-run.model';

/** What one batch of members became. */
export interface BatchProgress {
  connectionId: string;
  runId: string;
  /** The connector's provider id. */
  provider: string;
  /** Entries the provider listed in this batch (persons and bots). */
  fetched: number;
  written: number;
  unchanged: number;
  botsSkipped: number;
  noEmailSkipped: number;
  invalidSkipped: number;
}

/** Watches syncs as they go: the metrics count them, the CLI prints progress. Every method is optional. */
export interface SyncObserver {
  batch?(progress: BatchProgress): void;
  finished?(run: SyncRunRecord, durationMs: number): void;
}

/** Calls every observer, so one failing observer cannot break a run. */
export function notify<K extends keyof SyncObserver>(
  observers: readonly SyncObserver[] | undefined,
  event: K,
  ...args: Parameters<NonNullable<SyncObserver[K]>>
): void {
  for (const o of observers ?? []) {
    try {
      (o[event] as ((...a: unknown[]) => void) | undefined)?.(...args);
    } catch {
      // An observer's bug is not the sync's failure.
    }
  }
}
