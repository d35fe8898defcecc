import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { NOTION } from '../notion-contract';
import { PageArgs } from '../types/page.args';
import { DateTimeISOResolver } from 'graphql-scalars';
import type { AppRecord } from '../../identity/identity.model';
import type { Context } from '../context';
import { validUntil } from '../response-cache';
import { decodeCursor, isTimeKey, pageSize, relayPage } from '../cursor';
import { MembershipChangeConnection } from '../types/membership-change.type';
import { UserOrder } from '../types/ordering';
import { UserConnection } from '../types/user.type';
import { UserFilter } from '../types/user-filter.input';
import { AppConnection, AppFilter, Workspace } from '../types/workspace.type';
import { userPage } from './user-page';
import { TenantAppId } from '../tenant-scope';
import { MAX_WORKSPACES, MaxItems } from '../list-size';
import { APP_ID_ARG } from '../global-id';

@Resolver(() => Workspace)
export class WorkspaceResolver {
  @Query(() => AppConnection, {
    description: "The organisation's SaaS apps of every provider, by name, as a Relay connection (first ≤ 100).",
  })
  async apps(
    @Args() { first, after }: PageArgs,
    @Arg('filter', () => AppFilter, { nullable: true, description: 'Every given field must match.' }) filter: AppFilter | null,
    @Ctx() ctx: Context,
  ) {
    const size = pageSize(first);
    const afterKey = decodeCursor('apps', after);
    const page = await ctx.services.apps.page(ctx.tenantId, size, afterKey, filter);
    return {
      ...relayPage('apps', page.apps, page.keys, page.hasNextPage, afterKey),
      get totalCount() {
        return page.totalCount();
      },
    };
  }

  @Query(() => [Workspace], { description: "The organisation's Notion workspaces, by name (all of them; see `apps` for pages)." })
  @MaxItems(MAX_WORKSPACES)
  workspaces(
    @Arg('filter', () => AppFilter, { nullable: true, description: 'Every given field must match (provider is always notion).' })
    filter: AppFilter | null,
    @Ctx() ctx: Context,
  ): Promise<AppRecord[]> {
    return ctx.services.apps.list(ctx.tenantId, { ...filter, provider: NOTION });
  }

  @Query(() => MembershipChangeConnection, { description: 'Who joined and who left an app since a moment, newest first (first ≤ 100).' })
  async membershipChanges(
    @TenantAppId('appId', `The app: ${APP_ID_ARG}`) app: AppRecord,
    @Arg('since', () => DateTimeISOResolver, { description: 'Changes at or after this moment.' }) since: Date,
    @Args() { first, after }: PageArgs,
    @Ctx() ctx: Context,
  ) {
    const size = pageSize(first);
    const afterKey = decodeCursor('changes', after, isTimeKey);
    const page = await ctx.services.changes.page(ctx.tenantId, app, since, size, afterKey);
    return relayPage('changes', page.changes, page.keys, page.hasNextPage, afterKey);
  }

  @FieldResolver(() => Int, { description: 'Current members with an email.' })
  memberCount(@Root() app: AppRecord, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.memberCount.load(app);
  }

  @FieldResolver(() => UserConnection, {
    description: 'Current members (or, with filter.memberOfNoApp, former ones), as a Relay connection.',
  })
  members(
    @Root() app: AppRecord,
    @Args() { first, after }: PageArgs,
    @Arg('filter', () => UserFilter, { nullable: true, description: 'Further narrows the members.' }) filter: UserFilter | null,
    @Arg('orderBy', () => UserOrder, { nullable: true, description: 'Default: email ascending.' }) orderBy: UserOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return userPage(ctx, `members:${app.provider}:${app.id}`, first, after, { ...filter, app }, orderBy, info);
  }

  @FieldResolver(() => DateTimeISOResolver, {
    nullable: true,
    description: 'When the scheduled sync runs next; null when no connected connection syncs this app or the schedule is off.',
  })
  async nextSyncAt(
    @Root() app: AppRecord & { scheduled?: boolean },
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Date | null> {
    const next = app.scheduled
      ? ctx.services.freshness.nextSyncAt({ tenantId: app.tenantId, provider: app.provider, workspaceId: app.id })
      : null;
    validUntil(info, next && next.getTime()); // until that moment passes; then the next slot is the answer
    return next;
  }
}
