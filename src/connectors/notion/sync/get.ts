import { type Client, iteratePaginatedAPI } from '@notionhq/client';
import { type PagingLimits, PagingError } from '../../connector';

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
 * Pages through `GET /v1/users` (100 per request, the maximum) with the SDK's pagination helper and yields
 * batches of raw results. Each page is checked against the limits: a cursor Notion already gave (a loop),
 * too many pages, too many empty pages claiming more, or the run's deadline passed all throw PagingError.
 * It never swallows an error: a failure halfway throws, so cleanup never runs on a partial list.
 */
export async function* getMembers(client: Client, batchSize: number, limits: PagingLimits): AsyncGenerator<unknown[]> {
  const cursors = new Set<string>();
  let pages = 0;
  let empty = 0;
  const list: Client['users']['list'] = async (args) => {
    if (limits.signal?.aborted)
      throw new PagingError('The service shut down before the run finished; nothing was removed, and the next run starts over.');
    if (Date.now() > limits.deadline)
      throw new PagingError('The run used up its time budget (SYNC_RUN_BUDGET_SECONDS) before Notion listed every member.');
    if (++pages > limits.maxPages)
      throw new PagingError(`Notion kept announcing more members after ${limits.maxPages} pages (SYNC_MAX_PAGES); stopped.`);
    const page = await client.users.list(args);
    if (page.has_more) {
      if (!page.next_cursor || cursors.has(page.next_cursor))
        throw new PagingError('Notion returned a cursor it had already given: its pagination looped.');
      cursors.add(page.next_cursor);
    }
    empty = page.results.length === 0 && page.has_more ? empty + 1 : 0;
    if (empty > limits.maxEmptyPages) throw new PagingError(`Notion returned ${empty} empty pages in a row while announcing more members.`);
    return page;
  };
  let batch: unknown[] = [];
  for await (const user of iteratePaginatedAPI(list, { page_size: 100 })) {
    batch.push(user);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
