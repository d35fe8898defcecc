import type { GraphQLResolveInfo } from 'graphql';
import type { AppKey, UserFilterInput, UserKey, UserOrderInput } from '../../identity/identity.model';
import { AppError } from '../../lib/errors';
import type { Context } from '../context';
import { decodeCursor, encodeCursor, pageSize } from '../cursor';
import type { UserFilter } from '../types/user-filter.input';
import { selectedUserParts } from '../user-parts';
import { appFilterOf } from '../app-arg';
import { SortDirection, type UserOrder, UserOrderField } from '../types/ordering';

const DEFAULT_ORDER: UserOrderInput = { field: UserOrderField.EMAIL, direction: SortDirection.ASC };

function parseKey(key: string): UserKey | null {
  try {
    const v: unknown = JSON.parse(key);
    return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' ? { value: v[0], email: v[1] } : null;
  } catch {
    return null;
  }
}

/**
 * Resolves a Relay page of users for `users` and `Workspace.members` alike. The cursor names the list and
 * the order, so a cursor from another list or another ordering is refused. Only the parts of each user that
 * the query selects are read (`info`).
 */
export async function userPage(
  ctx: Context,
  list: string,
  first: number | null | undefined,
  after: string | null | undefined,
  filter: (UserFilter & { app?: AppKey | null }) | null | undefined,
  orderBy: UserOrder | null | undefined,
  info: GraphQLResolveInfo,
) {
  const size = pageSize(first);
  const order: UserOrderInput = orderBy ?? DEFAULT_ORDER;
  const tag = `${list}:${order.field}:${order.direction}`;
  const afterKey = decodeCursor(tag, after, (k) => parseKey(k) !== null);
  const repoFilter: UserFilterInput = {
    ...filter,
    app: filter?.app ?? (await appFilterOf(ctx.services.apps, ctx.tenantId, filter?.workspaceId)),
  };
  if (typeof filter?.external === 'boolean') {
    const { domains } = await ctx.domains();
    if (domains.length === 0) {
      throw new AppError(
        'BAD_USER_INPUT',
        'TENANT_DOMAINS_UNKNOWN',
        "The organisation's email domains are not known yet, so no one can be called external; set them with setTenantDomains.",
      );
    }
    repoFilter.domains = domains;
  }
  const page = await ctx.services.users.page(
    ctx.tenantId,
    size,
    order,
    afterKey ? parseKey(afterKey) : null,
    repoFilter,
    selectedUserParts(info),
  );
  const edges = page.users.map((node, i) => ({
    node,
    cursor: encodeCursor(tag, JSON.stringify([page.keys[i].value, page.keys[i].email])),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: afterKey !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    // A getter, so the count query runs only when the client asks for totalCount.
    get totalCount() {
      return page.totalCount();
    },
  };
}
