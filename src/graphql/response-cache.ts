import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { cacheControlFromInfo } from '@apollo/cache-control-types';
import type { GraphQLResolveInfo } from 'graphql';
import type { Graph } from '../graph/graph';
import { SharedRead } from '../lib/shared-read';
import type { Context } from './context';
import { sharedAnswersPlugin } from './shared-answers';

/** Tenants whose version reads are shared at once; past it the map starts over (a read in flight keeps its promise). */
const MAX_TENANTS = 10_000;

/**
 * Each tenant's version (moved by every write of that tenant, in the write's transaction: `Graph.write`'s
 * scope), read once for all the tenant's concurrent queries and never older than the query that asks.
 */
export class TenantVersions {
  private readonly reads = new Map<string, SharedRead<number | null>>();

  constructor(private readonly graph: Graph) {}

  /** The tenant's version as of a read that began after this call. */
  get(tenantId: string): Promise<number | null> {
    let read = this.reads.get(tenantId);
    if (!read) {
      if (this.reads.size >= MAX_TENANTS) this.reads.clear();
      read = new SharedRead(() => this.graph.tenantVersion(tenantId));
      this.reads.set(tenantId, read);
    }
    return read.get();
  }
}

/**
 * A whole-response cache for queries (ADR 0009 and its amendment), in Apollo's in-memory LRU cache (30 MiB).
 * An answer is keyed by the query, its variables, the caller's tenant and role (a viewer is never served what an
 * admin-only query answered an admin, and the reverse) and that tenant's version, read for
 * each query: a write of the tenant, from this process or any other, ends every answer of the tenant cached
 * before it, and other tenants' writes leave it. `seconds` bounds how long an answer may be kept at all.
 * Mutations and answers with errors are never cached, and an answer with a field that depends on the clock
 * only until that field would change (see `validUntil`); if the version cannot be read, the query runs uncached. Apollo computes no Cache-Control
 * header: every answer is sent with `no-store` (server.ts), as answers belong to one tenant and caller. Identical queries that miss
 * at once share one execution (`sharedAnswersPlugin`).
 */
export function responseCachePlugins(seconds: number, graph: Graph, onShared?: () => void): ApolloServerPlugin<Context>[] {
  if (seconds <= 0) return [];
  const versions = new TenantVersions(graph);
  const generation = new WeakMap<Context, string | null>();
  const known = ({ contextValue }: { contextValue: Context }) => Promise.resolve(generation.get(contextValue) != null);
  return [
    ApolloServerPluginCacheControl({ defaultMaxAge: seconds, calculateHttpHeaders: false }),
    responseCachePlugin<Context>({
      extraCacheKeyData: async ({ contextValue }) => {
        const version = await versions.get(contextValue.tenantId).then(
          (v) => `v${v ?? 0}`,
          () => null,
        );
        generation.set(contextValue, version);
        return { tenantId: contextValue.tenantId, admin: contextValue.roles.includes('admin'), version };
      },
      shouldReadFromCache: known,
      shouldWriteToCache: known,
    }),
    // After the cache: a query it missed waits for an identical one already running (same tenant version).
    sharedAnswersPlugin((context) => generation.get(context), onShared),
  ];
}

/**
 * This field's value changes with the clock at `changesAt` (epoch ms), not with the graph: the answer may be kept
 * only until then: whole seconds, rounded down, less one for the rest of the execution before the answer is
 * stored (below that it is not kept). Null: the value no longer changes with the clock (e.g. already stale), so
 * the graph's version alone decides.
 */
export function validUntil(info: GraphQLResolveInfo, changesAt: number | null, now = Date.now()): void {
  if (changesAt === null) return;
  cacheControlFromInfo(info).setCacheHint({ maxAge: Math.max(0, Math.floor((changesAt - now) / 1000) - 1) });
}
