import { DateTimeISOResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Info, Int, Query, Resolver } from 'type-graphql';
import { cacheControlFromInfo } from '@apollo/cache-control-types';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import { decodeCursor, isTimeKey, pageSize, relayPage } from '../cursor';
import type { Role } from '../roles';
import { AuditEventConnection } from '../types/audit-event.type';

@Resolver()
export class AuditResolver {
  @Authorized<Role>('admin')
  @Query(() => AuditEventConnection, {
    description: "The organisation's audit trail: every mutation, who ran it and how it ended; newest first (first ≤ 100). Admins only.",
  })
  async auditEvents(
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 50).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
    @Arg('since', () => DateTimeISOResolver, { nullable: true, description: 'Only events at or after this time.' }) since: Date | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    // Never cached: audit writes do not move the tenant's version, so this answer carries its own freshness.
    cacheControlFromInfo(info).setCacheHint({ maxAge: 0 });
    const size = pageSize(first);
    const afterKey = decodeCursor('auditEvents', after, isTimeKey);
    const page = await ctx.services.audit.page(ctx.tenantId, size, afterKey, since);
    return relayPage('auditEvents', page.events, page.keys, page.hasNextPage, afterKey);
  }
}
