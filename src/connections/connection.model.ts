/** Where a connection stands, as the frontend's connection card shows it. */
export enum ConnectionStatus {
  CONNECTED = 'CONNECTED',
  NEEDS_REAUTH = 'NEEDS_REAUTH',
  DISCONNECTED = 'DISCONNECTED',
  ERROR = 'ERROR',
}

/** What the grant lets the sync read of the workspace's members. */
export enum MemberAccess {
  FULL = 'FULL',
  NO_EMAIL = 'NO_EMAIL',
  NONE = 'NONE',
  UNKNOWN = 'UNKNOWN',
}

/** A stored connection, without its credentials (those live on a separate Credential node). */
export interface ConnectionRecord {
  id: string;
  tenantId: string;
  /** The connector's provider id (`notion`). */
  provider: string;
  status: ConnectionStatus;
  statusReason: string | null;
  memberAccess: MemberAccess;
  memberAccessMessage: string | null;
  /** The provider's id of the remote app it syncs (a Notion workspace, a Google customer). */
  workspaceId: string;
  createdAt: Date;
  updatedAt: Date;
  lastSuccessfulSyncAt?: Date | null;
  /** Set by a run the shrink guard held: who it listed against what the graph holds. */
  pendingShrinkRunId?: string | null;
  pendingShrinkMembersInGraph?: number | null;
  pendingShrinkMembersListed?: number | null;
  pendingShrinkAt?: Date | null;
  /** An administrator confirmed the shrink: the next complete run removes leavers whatever their number. */
  shrinkConfirmed?: boolean | null;
  /** What the next run resumes from (a changes listing's point, e.g. Entra's delta link); null: list everything. */
  resumeCursor?: string | null;
}
