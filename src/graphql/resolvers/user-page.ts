import type { UserFilterInput } from '../../identity/identity.model';
import type { Context } from '../context';
import { decodeCursor, encodeCursor, pageSize } from '../cursor';
import type { UserFilter } from '../types/user-filter.input';

const LIST = 'users';

/** Resolves a Relay page of users for `users` and `Workspace.members` alike. */
export async function userPage(ctx: Context, first: number | null | undefined, after: string | null | undefined, filter?: UserFilter | null) {
  const size = pageSize(first);
  const afterEmail = decodeCursor(LIST, after);
  const repoFilter: UserFilterInput | null = filter ? { ...filter, appId: filter.workspaceId } : null;
  const page = await ctx.services.users.page(ctx.tenantId, size, afterEmail, repoFilter);
  const edges = page.users.map((node) => ({ node, cursor: encodeCursor(LIST, node.email) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: afterEmail !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    // A getter, so the count query runs only when the client asks for totalCount.
    get totalCount() {
      return page.totalCount();
    },
  };
}
