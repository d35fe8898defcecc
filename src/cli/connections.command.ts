import type { Env } from '../config/env';
import { ConnectionRepository } from '../connections/connection.repository';
import { connectGraph } from '../graph/graph';
import { SyncRunRepository } from '../runs/sync-run.repository';
import { iso, printTable } from './table';

type GraphEnv = Pick<Env, 'NEO4J_URI' | 'NEO4J_USER' | 'NEO4J_PASSWORD' | 'NEO4J_DATABASE'>;

/** Prints every connection (or one tenant's) with its status and last run, as a table or JSON. */
export async function listConnections(
  env: GraphEnv,
  opts: { tenant?: string; json?: boolean },
  out: (line: string) => void,
): Promise<void> {
  const graph = connectGraph(env.NEO4J_URI, env.NEO4J_USER, env.NEO4J_PASSWORD, env.NEO4J_DATABASE);
  try {
    const repo = new ConnectionRepository(graph);
    const list = opts.tenant ? await repo.list(opts.tenant) : await repo.listAll();
    const last = await new SyncRunRepository(graph).latestFor(list.map((c) => c.id));
    const rows = list.map((c) => {
      const run = last.get(c.id);
      return {
        id: c.id,
        tenant: c.tenantId,
        provider: c.provider,
        workspace: c.workspaceId,
        status: c.status,
        memberAccess: c.memberAccess,
        lastRun: run
          ? {
              status: run.status,
              startedAt: run.startedAt,
              finishedAt: run.finishedAt,
              usersUpserted: run.usersUpserted,
              membershipsRemoved: run.membershipsRemoved,
              error: run.error,
            }
          : null,
      };
    });
    if (opts.json) return out(JSON.stringify(rows, null, 2));
    printTable(
      [
        ['ID', 'TENANT', 'PROVIDER', 'STATUS', 'ACCESS', 'LAST RUN', 'FINISHED', 'USERS', 'REMOVED'],
        ...rows.map((r) => [
          r.id,
          r.tenant,
          r.provider,
          r.status,
          r.memberAccess,
          r.lastRun?.status ?? '-',
          iso(r.lastRun?.finishedAt),
          String(r.lastRun?.usersUpserted ?? '-'),
          String(r.lastRun?.membershipsRemoved ?? '-'),
        ]),
      ],
      out,
    );
    if (rows.length === 0) out('(no connections)');
  } finally {
    await graph.close();
  }
}
