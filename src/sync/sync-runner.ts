import type { ConnectionRecord } from '../connections/connection.model';
import type { SyncRunRecord } from '../runs/sync-run.model';

/** A started run and the promise of its end. */
export interface InFlight {
  run: SyncRunRecord;
  done: Promise<SyncRunRecord>;
}

/** What the API, the CLI and the benchmarks ask of the sync, whichever process runs it (ADR 0015: SyncLoop). */
export interface SyncRunner {
  /** Asks for a run and waits (bounded) for the run that serves it, or returns the run under way. */
  start(connection: ConnectionRecord, trigger: string, force?: boolean): Promise<InFlight>;
  /** Asks for a run without waiting for it (completing OAuth must not wait for a worker). */
  request(connection: ConnectionRecord, trigger: string): Promise<void>;
  /** Waits until no run of the connection is under way anywhere (bounded). */
  quiesce(connectionId: string, timeoutMs?: number): Promise<void>;
  /** Waits until nothing this deployment was asked to run is pending or running. */
  idle(): Promise<void>;
  /** Takes no new work and ends the runs under way here (FAILED, nothing removed). */
  stop(): Promise<void>;
}
