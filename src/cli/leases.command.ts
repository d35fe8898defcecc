import type { Env } from '../config/env';
import { connectGraph, type Graph } from '../graph/graph';
import { iso, printTable } from './table';

type GraphEnv = Pick<Env, 'NEO4J_URI' | 'NEO4J_USER' | 'NEO4J_PASSWORD' | 'NEO4J_DATABASE'>;

/** A connection's place in the sync's queue (ADR 0015). */
interface QueueRow {
  connectionId: string;
  tenantId: string;
  provider: string;
  owner: string | null;
  runId: string | null;
  expiresAt: Date | null;
  dueAt: Date | null;
  requestedAt: Date | null;
}

/** Every connection with a lease, a request or a slot: leased first, then requested, then by due time. */
async function queueRows(graph: Graph, tenant?: string): Promise<QueueRow[]> {
  return graph.read<QueueRow>(
    `MATCH (c:Connection) WHERE ($tenant IS NULL OR c.tenantId = $tenant)
       AND (c.leaseRunId IS NOT NULL OR c.requestedAt IS NOT NULL OR c.dueAt IS NOT NULL)
     RETURN c.id AS connectionId, c.tenantId AS tenantId, c.provider AS provider, c.leaseOwner AS owner, c.leaseRunId AS runId,
            c.leaseExpiresAt AS expiresAt, c.dueAt AS dueAt, c.requestedAt AS requestedAt
     ORDER BY c.leaseRunId IS NULL, c.requestedAt IS NULL, c.dueAt, c.id`,
    { tenant: tenant ?? null },
  );
}

/**
 * Prints what runs where: each connection's lease (the owning process, its run, when the lease expires unless
 * heartbeated), whether a run was asked for, and when its slot is due. A lease whose expiry is past belongs to a
 * process that stopped: the next claim takes it over.
 */
export async function listLeases(env: GraphEnv, opts: { tenant?: string; json?: boolean }, out: (line: string) => void): Promise<void> {
  const graph = connectGraph(env.NEO4J_URI, env.NEO4J_USER, env.NEO4J_PASSWORD, env.NEO4J_DATABASE);
  try {
    const rows = await queueRows(graph, opts.tenant);
    if (opts.json) return out(JSON.stringify(rows, null, 2));
    printTable(
      [
        ['CONNECTION', 'TENANT', 'PROVIDER', 'OWNER', 'RUN', 'LEASE EXPIRES', 'REQUESTED', 'DUE'],
        ...rows.map((r) => [
          r.connectionId,
          r.tenantId,
          r.provider,
          r.owner ?? '-',
          r.runId ?? '-',
          iso(r.expiresAt),
          iso(r.requestedAt),
          iso(r.dueAt),
        ]),
      ],
      out,
    );
    if (rows.length === 0) out('(nothing leased, requested or scheduled)');
  } finally {
    await graph.close();
  }
}
