import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { AppRecord } from '../../identity/identity.model';
import type { Context } from '../context';
import { UserConnection } from '../types/user.type';
import { Workspace } from '../types/workspace.type';
import { userPage } from './user-page';

@Resolver(() => Workspace)
export class WorkspaceResolver {
  @Query(() => [Workspace], { description: "The organisation's synced apps (Notion workspaces), by name." })
  workspaces(@Ctx() ctx: Context): Promise<AppRecord[]> {
    return ctx.services.apps.list(ctx.tenantId);
  }

  @FieldResolver(() => Int, { description: 'Current members with an email.' })
  memberCount(@Root() app: AppRecord, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.memberCount.load(app.id);
  }

  @FieldResolver(() => UserConnection, { description: 'Current members, by email, as a Relay connection.' })
  members(
    @Root() app: AppRecord,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return userPage(ctx, first, after, { workspaceId: app.id, provider: app.provider });
  }
}
