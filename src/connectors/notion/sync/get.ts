import { type Client, iteratePaginatedAPI } from '@notionhq/client';

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
 * batches of raw results. It never swallows an error: a failure halfway throws, so cleanup never runs on a
 * partial list.
 */
export async function* getMembers(client: Client, batchSize: number): AsyncGenerator<unknown[]> {
  let batch: unknown[] = [];
  for await (const user of iteratePaginatedAPI(client.users.list, { page_size: 100 })) {
    batch.push(user);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Reads one batch ahead: while the caller writes batch N, batch N+1 is already being fetched, so Neo4j
 * writes overlap Notion round trips. An error of the prefetch surfaces when its batch is reached.
 */
export async function* prefetchOne<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  for (;;) {
    const result = await next;
    if (result.done) return;
    next = source.next();
    next.catch(() => undefined); // observed here; rethrown by the await above on the next turn
    yield result.value;
  }
}
