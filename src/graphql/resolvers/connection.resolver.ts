import { DateTimeISOResolver } from 'graphql-scalars';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionStatus } from '../../connections/connection.model';
import type { ConnectionRecord } from '../../connections/connection.model';
import type { AppRecord } from '../../identity/identity.model';
import type { SyncRunRecord } from '../../runs/sync-run.model';
import type { Context } from '../context';
import { NOTION } from '../notion-contract';
import type { Role } from '../roles';
import { validUntil } from '../response-cache';
import { decodeCursor, isTimeKey, pageSize, relayPage } from '../cursor';
import { Authorization, Connection, NotionAuthorization, PendingShrink } from '../types/connection.type';
import { PageArgs } from '../types/page.args';
import { Provider } from '../types/provider';
import { SyncRun, SyncRunConnection } from '../types/sync-run.type';
import { Workspace } from '../types/workspace.type';
import { TenantConnection } from '../tenant-scope';
import { CONNECTION_ID_ARG, rawIdOf } from '../global-id';

@Resolver(() => Connection)
export class ConnectionResolver {
  @Query(() => [Connection], { description: "The organisation's connections, oldest first." })
  connections(@Ctx() ctx: Context): Promise<ConnectionRecord[]> {
    return ctx.services.connections.list(ctx.tenantId);
  }

  @Query(() => Connection, { nullable: true, description: 'One connection, or null if the organisation has none with this id.' })
  connection(@Arg('id', () => ID, { description: CONNECTION_ID_ARG }) id: string, @Ctx() ctx: Context): Promise<ConnectionRecord | null> {
    return ctx.services.connections.get(ctx.tenantId, rawIdOf('Connection', id));
  }

  @Query(() => SyncRunConnection, { description: "A connection's sync runs, newest first (first ≤ 100): the history behind lastSync." })
  async syncRuns(
    @TenantConnection('connectionId', `The connection whose runs to list. ${CONNECTION_ID_ARG}`) connection: ConnectionRecord,
    @Args() { first, after }: PageArgs,
    @Ctx() ctx: Context,
  ) {
    const size = pageSize(first ?? null);
    const afterKey = decodeCursor('syncRuns', after ?? null, isTimeKey);
    const page = await ctx.services.runs.page(ctx.tenantId, connection.id, size, afterKey);
    return relayPage('syncRuns', page.runs, page.keys, page.hasNextPage, afterKey);
  }

  @Authorized<Role>('admin')
  @Mutation(() => Authorization, {
    description: "Starts connecting an app of a provider: send the browser to authorizationUrl (the provider's consent page).",
  })
  connect(
    @Arg('provider', () => Provider, { description: 'The provider to connect.' }) provider: string,
    @Arg('redirectUri', () => String, { nullable: true, description: "Callback URL; defaults to the provider's configured redirect URI." })
    redirectUri: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.connectionService.connect(ctx.tenantId, provider, redirectUri);
  }

  @Authorized<Role>('admin')
  @Mutation(() => Connection, {
    description:
      "Completes a provider's redirect (the state names the provider): exchanges the code, stores the connection and starts the first sync. When the provider redirected with `error` (the admin pressed Cancel), pass it instead of a code: the authorization is closed and OAUTH_ACCESS_DENIED returned.",
  })
  completeOAuth(
    @Arg('code', () => String, { nullable: true, description: 'The `code` query parameter the provider redirected with.' })
    code: string | null,
    @Arg('state', { description: 'The `state` query parameter the provider redirected with.' }) state: string,
    @Arg('error', () => String, {
      nullable: true,
      description: 'The `error` query parameter, when the provider redirected with one (e.g. access_denied).',
    })
    error: string | null,
    @Arg('installationId', () => String, {
      nullable: true,
      description:
        "The `installation_id` query parameter, when the provider installs an app on an account (GitHub); the server proves it is the caller's.",
    })
    installationId: string | null,
    @Arg('setupAction', () => String, {
      nullable: true,
      description:
        'The `setup_action` query parameter (GitHub: install, update, or request; with request no connection is made and no code is needed: an owner must approve).',
    })
    setupAction: string | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectionRecord> {
    return ctx.services.connectionService.complete(ctx.tenantId, code ?? '', state, error, null, { installationId, setupAction });
  }

  @Authorized<Role>('admin')
  @Mutation(() => Authorization, {
    description: 'Starts re-authorizing a connection of any provider; the provider must grant the same app again.',
  })
  reconnect(
    @TenantConnection('connectionId', `The connection to re-authorize. ${CONNECTION_ID_ARG}`) connection: ConnectionRecord,
    @Arg('redirectUri', () => String, { nullable: true, description: "Callback URL; defaults to the provider's configured redirect URI." })
    redirectUri: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.connectionService.reconnect(connection, redirectUri);
  }

  @Authorized<Role>('admin')
  @Mutation(() => Connection, {
    description:
      'Revokes the token at the provider and deletes it here; the connection becomes DISCONNECTED. Synced data stays as the last known state unless purge is true.',
  })
  disconnect(
    @TenantConnection('connectionId', `The connection to disconnect. ${CONNECTION_ID_ARG}`) connection: ConnectionRecord,
    @Arg('purge', () => Boolean, {
      defaultValue: false,
      description:
        'Also delete the app, its accounts and their history, and users left with no other account. The connection and its run history stay.',
    })
    purge: boolean,
    @Ctx() ctx: Context,
  ): Promise<ConnectionRecord> {
    return ctx.services.connectionService.disconnect(connection, purge);
  }

  @Authorized<Role>('admin')
  @Mutation(() => NotionAuthorization, {
    description: 'Starts connecting a Notion workspace: send the browser to authorizationUrl. Same as connect(provider: NOTION).',
    deprecationReason: 'Use connect(provider: NOTION), which answers the same Authorization for every provider.',
  })
  connectNotion(
    @Arg('redirectUri', () => String, { nullable: true, description: 'Callback URL; defaults to NOTION_REDIRECT_URI.' })
    redirectUri: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.connectionService.connect(ctx.tenantId, NOTION, redirectUri);
  }

  @Authorized<Role>('admin')
  @Mutation(() => Connection, {
    deprecationReason: 'Use completeOAuth(code:, state:, error:): the state names the provider.',
    description:
      "Completes Notion's redirect: exchanges the code, stores the connection and starts the first sync. When Notion redirected with `error` (the admin pressed Cancel), pass it instead of a code: the authorization is closed and OAUTH_ACCESS_DENIED returned.",
  })
  completeNotionOAuth(
    @Arg('code', () => String, { nullable: true, description: 'The `code` query parameter Notion redirected with.' }) code: string | null,
    @Arg('state', { description: 'The `state` query parameter Notion redirected with.' }) state: string,
    @Arg('error', () => String, {
      nullable: true,
      description: 'The `error` query parameter, when Notion redirected with one (e.g. access_denied).',
    })
    error: string | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectionRecord> {
    return ctx.services.connectionService.complete(ctx.tenantId, code ?? '', state, error, NOTION);
  }

  @Authorized<Role>('admin')
  @Mutation(() => NotionAuthorization, {
    description: 'Starts re-authorizing a connection; Notion must grant the same workspace again.',
    deprecationReason: 'Use reconnect(connectionId:), which re-authorizes a connection of any provider.',
  })
  reconnectNotion(
    @TenantConnection('connectionId', `The connection to re-authorize. ${CONNECTION_ID_ARG}`) connection: ConnectionRecord,
    @Arg('redirectUri', () => String, { nullable: true, description: 'Callback URL; defaults to NOTION_REDIRECT_URI.' })
    redirectUri: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.connectionService.reconnect(connection, redirectUri);
  }

  @Authorized<Role>('admin')
  @Mutation(() => Connection, {
    deprecationReason: 'Use disconnect(connectionId:, purge:), which disconnects a connection of any provider.',
    description:
      'Revokes the token at Notion and deletes it here; the connection becomes DISCONNECTED. Synced data stays as the last known state unless purge is true.',
  })
  disconnectNotion(
    @TenantConnection('connectionId', `The connection to disconnect. ${CONNECTION_ID_ARG}`) connection: ConnectionRecord,
    @Arg('purge', () => Boolean, {
      defaultValue: false,
      description:
        'Also delete the workspace, its accounts and their history, and users left with no other account. The connection and its run history stay.',
    })
    purge: boolean,
    @Ctx() ctx: Context,
  ): Promise<ConnectionRecord> {
    return ctx.services.connectionService.disconnect(connection, purge);
  }

  @Authorized<Role>('admin')
  @Mutation(() => SyncRun, { description: 'Syncs now; while a sync of this connection runs, returns that run.' })
  syncConnection(
    @TenantConnection('connectionId', `The connection to sync. ${CONNECTION_ID_ARG}`) connection: ConnectionRecord,
    @Ctx() ctx: Context,
  ): Promise<SyncRunRecord> {
    return ctx.services.connectionService.syncNow(connection);
  }

  @Authorized<Role>('admin')
  @Mutation(() => SyncRun, {
    description:
      'Confirms that the workspace really shrank after a run ended NEEDS_CONFIRMATION, and syncs now: that run removes whoever left. NO_PENDING_SHRINK when nothing waits.',
  })
  confirmSyncShrink(
    @TenantConnection('connectionId', `The connection whose held run to confirm. ${CONNECTION_ID_ARG}`) connection: ConnectionRecord,
    @Ctx() ctx: Context,
  ): Promise<SyncRunRecord> {
    return ctx.services.connectionService.confirmShrink(connection);
  }

  @FieldResolver(() => PendingShrink, {
    nullable: true,
    description: 'A shrink the guard held, waiting for confirmSyncShrink; null when none.',
  })
  pendingShrink(@Root() c: ConnectionRecord): PendingShrink | null {
    if (!c.pendingShrinkRunId) return null;
    return {
      runId: c.pendingShrinkRunId,
      membersInGraph: c.pendingShrinkMembersInGraph ?? 0,
      membersListed: c.pendingShrinkMembersListed ?? 0,
      detectedAt: c.pendingShrinkAt!,
      confirmed: c.shrinkConfirmed === true,
    };
  }

  @FieldResolver(() => Workspace, { nullable: true, description: 'The synced workspace (null until it was first written).' })
  workspace(@Root() c: ConnectionRecord, @Ctx() ctx: Context): Promise<AppRecord | null> {
    return ctx.loaders.app.load({ provider: c.provider, id: c.workspaceId });
  }

  @FieldResolver(() => SyncRun, { nullable: true, description: 'The newest run, running or finished.' })
  lastSync(@Root() c: ConnectionRecord, @Ctx() ctx: Context): Promise<SyncRunRecord | null> {
    return ctx.loaders.lastRun.load(c.id);
  }

  @FieldResolver(() => DateTimeISOResolver, {
    nullable: true,
    description: 'When the scheduled sync runs next; null unless CONNECTED and the schedule is on.',
  })
  nextSyncAt(@Root() c: ConnectionRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Date | null {
    const next = c.status === ConnectionStatus.CONNECTED ? ctx.services.freshness.nextSyncAt(c) : null;
    // Until that moment passes; then the next slot is the answer.
    validUntil(info, next && next.getTime());
    return next;
  }

  @FieldResolver(() => Boolean, {
    description: 'True when the graph may be out of date: not CONNECTED, or no successful sync within SYNC_STALE_AFTER_HOURS.',
  })
  stale(@Root() c: ConnectionRecord, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): boolean {
    if (c.status !== ConnectionStatus.CONNECTED || !c.lastSuccessfulSyncAt) return true;
    // Fresh until the last success is SYNC_STALE_AFTER_HOURS old; stale from then on, whatever the clock says.
    const turnsStaleAt = new Date(c.lastSuccessfulSyncAt).getTime() + ctx.services.freshness.staleAfterMs;
    const now = Date.now();
    validUntil(info, now > turnsStaleAt ? null : turnsStaleAt + 1, now);
    return now > turnsStaleAt;
  }
}
