import type { Client } from '@notionhq/client';
import type { Page } from '../../connector';

/** The integration's own bot and the workspace it lives in, from `GET /v1/users/me`. */
export interface NotionBotInfo {
  botId: string;
  workspaceId: string | null;
  workspaceName: string | null;
}

/** Reads `/v1/users/me`; works at every capability level. */
export async function getBot(client: Client): Promise<NotionBotInfo> {
  const me = (await client.users.me({})) as unknown as { id: string; bot?: { workspace_id?: string; workspace_name?: string | null } };
  return { botId: me.id, workspaceId: me.bot?.workspace_id ?? null, workspaceName: me.bot?.workspace_name ?? null };
}

/**
 * One page of `GET /v1/users` (100, the maximum) at a cursor (null: the first). The core pages through it with
 * its guards (src/sync/paging.ts); `has_more` without a cursor comes back as an empty `next`, which it refuses.
 */
export async function getMembersPage(client: Client, cursor: string | null): Promise<Page> {
  const page = await client.users.list({ page_size: 100, start_cursor: cursor ?? undefined });
  return { items: page.results, next: page.has_more ? (page.next_cursor ?? '') : null };
}
