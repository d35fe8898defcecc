/** The outcome of one sync run. */
export enum SyncRunStatus {
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  /** Complete, but Notion listed far fewer members than the graph holds: nobody was removed until confirmed. */
  NEEDS_CONFIRMATION = 'NEEDS_CONFIRMATION',
}

/** The counts a run records. */
export interface SyncCounts {
  membersSeen: number;
  usersUpserted: number;
  botsSkipped: number;
  noEmailSkipped: number;
  invalidSkipped: number;
  membershipsRemoved: number;
  /** Accounts created, changed or rejoined; the rest of usersUpserted were unchanged and not written. */
  accountsWritten: number;
  /** Members who joined (or came back) since the workspace's first complete sync. */
  membersJoined: number;
}

/** A stored run, as the API shows it. */
export interface SyncRunRecord extends SyncCounts {
  id: string;
  tenantId: string;
  connectionId: string;
  trigger: string;
  status: SyncRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  warning: string | null;
}

export const zeroCounts = (): SyncCounts => ({
  membersSeen: 0,
  usersUpserted: 0,
  botsSkipped: 0,
  noEmailSkipped: 0,
  invalidSkipped: 0,
  membershipsRemoved: 0,
  accountsWritten: 0,
  membersJoined: 0,
});
