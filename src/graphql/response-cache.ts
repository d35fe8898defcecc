import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { cacheControlFromInfo } from '@apollo/cache-control-types';
import type { GraphQLResolveInfo } from 'graphql';
import type { Graph } from '../graph/graph';
import { SharedRead } from '../lib/shared-read';
import type { Context } from './context';

/**
 * A whole-response cache for queries (ADR 0009), in Apollo's in-memory LRU cache (30 MiB). An answer is
 * keyed by the query, its variables, the caller's tenant and role (a viewer is never served what an
 * admin-only query answered an admin, and the reverse) and the database's last committed transaction
 * (read for each query, shared between concurrent ones, never older than the request): any write, from
 * this process or any other, ends every answer cached before it. `seconds` bounds how long an answer may
 * be kept at all. Mutations, answers with errors, and answers with a field that depends on the clock
 * (see `dependsOnClock`) are never cached; if the database cannot be asked, the query runs uncached.
 * No Cache-Control header is sent: answers belong to one tenant, and browsers and proxies must not keep them.
 */
export function responseCachePlugins(seconds: number, graph: Graph): ApolloServerPlugin<Context>[] {
  if (seconds <= 0) return [];
  const lastCommitted = new SharedRead(() => graph.lastCommitted());
  const generation = new WeakMap<Context, string | null>();
  const known = ({ contextValue }: { contextValue: Context }) => Promise.resolve(generation.get(contextValue) != null);
  return [
    ApolloServerPluginCacheControl({ defaultMaxAge: seconds, calculateHttpHeaders: false }),
    responseCachePlugin<Context>({
      extraCacheKeyData: async ({ contextValue }) => {
        const committed = await lastCommitted.get().catch(() => null);
        generation.set(contextValue, committed);
        return { tenantId: contextValue.tenantId, admin: contextValue.roles.includes('admin'), committed };
      },
      shouldReadFromCache: known,
      shouldWriteToCache: known,
    }),
  ];
}

/** Marks the answer uncacheable: this field's value changes with the clock, not with the graph. */
export function dependsOnClock(info: GraphQLResolveInfo): void {
  cacheControlFromInfo(info).setCacheHint({ maxAge: 0 });
}
