import type { Connector } from '../connectors/connector';
import type { ConnectionRecord } from '../connections/connection.model';
import type { ConnectionRepository } from '../connections/connection.repository';
import type { CredentialRepository } from '../connections/credential.repository';
import type { Graph } from '../graph/graph';
import type { AppRef } from '../identity/app-ref';
import type { Logger } from '../lib/logger';
import type { SyncObserver } from './sync-observer';
import type { SyncRunRepository } from './sync-run.repository';

/** Everything one run needs besides its connector. */
export interface SyncDeps {
  graph: Graph;
  connections: ConnectionRepository;
  credentials: CredentialRepository;
  runs: SyncRunRepository;
  logger: Logger;
  batchSize: number;
  /** Batches written at once (each in its own transaction). */
  writeConcurrency: number;
  /** Most pages per run, the run's time budget, and the shrink guard's ratio (0: off). */
  limits: { maxPages: number; budgetMs: number; shrinkGuardRatio: number };
  observers?: SyncObserver[];
}

/** The app a connection syncs, as the write path names it. */
export const appRefOf = (connector: Connector, connection: ConnectionRecord): AppRef => ({
  tenantId: connection.tenantId,
  provider: connector.provider,
  appId: connection.workspaceId,
  labels: connector.labels,
  directory: connector.directory,
});
