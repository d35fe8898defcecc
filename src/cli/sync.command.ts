import type { Env } from '../config/env';
import { createCore } from '../core';
import type { Logger } from '../lib/logger';

/**
 * Syncs one connection now in this process (its request is claimed here, under the same lease as a server's run) and prints
 * progress as it goes: pages fetched, members written, rate-limit waits. True when the run succeeded.
 */
export async function syncConnection(env: Env, logger: Logger, connectionId: string, out: (line: string) => void): Promise<boolean> {
  const totals = { fetched: 0, written: 0, unchanged: 0, skipped: 0, pages: 0, waits: 0, waitSeconds: 0 };
  const core = await createCore(env, logger, {
    onProviderResponse(provider, endpoint, status, retryAfter) {
      if (endpoint === 'users.list' && status === 200) totals.pages++;
      if (status === 429) {
        totals.waits++;
        totals.waitSeconds += Number(retryAfter) || 1;
        out(
          `  rate limited by ${core.connectors.find(provider)?.displayName ?? provider}: waiting ${Number(retryAfter) || 1} s (Retry-After)`,
        );
      }
    },
    observers: [
      {
        batch(p) {
          totals.fetched += p.fetched;
          totals.written += p.written;
          totals.unchanged += p.unchanged;
          totals.skipped += p.botsSkipped + p.noEmailSkipped + p.invalidSkipped;
          out(
            `  pages ${totals.pages}  fetched ${totals.fetched}  written ${totals.written}  unchanged ${totals.unchanged}  skipped ${totals.skipped}`,
          );
        },
      },
    ],
  });
  try {
    const connection = await core.connections.listAll().then((all) => all.find((c) => c.id === connectionId));
    if (!connection) {
      out(`No connection ${connectionId}. List them with: npm run cli -- connections`);
      return false;
    }
    if (connection.status !== 'CONNECTED') {
      out(`Connection ${connectionId} is ${connection.status}: ${connection.statusReason ?? 'reconnect it first'}`);
      return false;
    }
    const started = Date.now();
    const { run, done } = await core.sync.start(connection, 'cli');
    out(`Sync ${run.id} of workspace ${connection.workspaceId} (tenant ${connection.tenantId}) started`);
    const result = await done;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    out(
      `${result.status} in ${seconds} s: seen ${result.membersSeen}, users ${result.usersUpserted}, written ${result.accountsWritten}, joined ${result.membersJoined}, removed ${result.membershipsRemoved}, bots ${result.botsSkipped}, no email ${result.noEmailSkipped}, invalid ${result.invalidSkipped}, rate-limit waits ${totals.waits} (${totals.waitSeconds} s)`,
    );
    if (result.error) out(`Error: ${result.error}`);
    if (result.warning) out(`Warning: ${result.warning}`);
    return result.status === 'SUCCEEDED';
  } finally {
    await core.sync.stop();
    await core.graph.close();
  }
}
