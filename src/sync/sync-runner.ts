import type { ConnectionRecord } from '../connections/connection.model';
import type { SyncRunRecord } from '../runs/sync-run.model';

/** A started run and the promise of its end. */
export interface InFlight {
  run: SyncRunRecord;
  done: Promise<SyncRunRecord>;
}

/**
 * What the API and the schedule ask of the sync, wherever it runs: in this thread (SyncService), in a worker
 * thread (ThreadedSync, SYNC_ROLE=all) or in a worker process reached through Neo4j (RequestedSync, SYNC_ROLE=api).
 */
export interface SyncRunner {
  /** Starts a sync of one connection now, or returns the run already under way. */
  start(connection: ConnectionRecord, trigger: string): Promise<InFlight>;
  /** Asks for a sync without waiting for its run record (completing OAuth must not wait for a worker). */
  request(connection: ConnectionRecord, trigger: string): Promise<void>;
  /** The run under way for a connection here, if this runner knows it without asking Neo4j. */
  running(connectionId: string): Promise<InFlight> | undefined;
  /** Waits until no run of the connection is under way anywhere (bounded). */
  quiesce(connectionId: string, timeoutMs?: number): Promise<void>;
  /** Syncs every CONNECTED connection now and waits for all (benchmarks; the schedule spreads them instead). */
  syncAll(): Promise<SyncRunRecord[]>;
  /** Waits until every run this runner started has finished. */
  idle(): Promise<void>;
  /** Takes no new work and ends the runs under way (FAILED, nothing removed). */
  stop(): Promise<void>;
}
