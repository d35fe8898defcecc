import { registerEnumType } from 'type-graphql';
import { ConnectionStatus, MemberAccess } from '../../connections/connection.model';
import { SyncRunStatus } from '../../runs/sync-run.model';

registerEnumType(ConnectionStatus, {
  name: 'ConnectionStatus',
  description: 'Where a connection stands.',
  valuesConfig: {
    CONNECTED: { description: 'Tokens are held and the connection syncs on schedule.' },
    NEEDS_REAUTH: { description: 'Notion rejected the token (integration removed or revoked); reconnect to resume.' },
    DISCONNECTED: { description: 'An administrator disconnected it; tokens were deleted, synced data kept.' },
    ERROR: { description: 'The connection cannot sync for a reason other than authorization; see statusReason.' },
  },
});

registerEnumType(MemberAccess, {
  name: 'MemberAccess',
  description: 'What the grant lets the sync read of the workspace members.',
  valuesConfig: {
    FULL: { description: 'Members with their email addresses.' },
    NO_EMAIL: { description: 'Members are listed without email addresses, so none can be joined to a User.' },
    NONE: { description: 'The grant cannot read users at all.' },
    UNKNOWN: { description: 'No sync has finished yet.' },
  },
});

registerEnumType(SyncRunStatus, {
  name: 'SyncRunStatus',
  description: 'The outcome of a sync run.',
  valuesConfig: {
    RUNNING: { description: 'Under way.' },
    SUCCEEDED: { description: 'Finished; the graph reflects Notion (see warning for limited member access).' },
    FAILED: { description: 'Stopped by an error (see error); nothing was removed.' },
    NEEDS_CONFIRMATION: {
      description:
        'Complete, but Notion listed far fewer members than the graph holds (SYNC_SHRINK_GUARD_RATIO): joins were written, nobody was removed. confirmSyncShrink lets the next run remove them.',
    },
  },
});

export { ConnectionStatus, MemberAccess, SyncRunStatus };
