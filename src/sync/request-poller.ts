import type { ConnectionRepository } from '../connections/connection.repository';
import { type ConnectionRecord, ConnectionStatus } from '../connections/connection.model';
import type { Logger } from '../lib/logger';
import type { SyncRequestRepository } from './sync-request.repository';
import type { InFlight } from './sync-runner';

/** Requests claimed per poll: a worker starts them at once (each connection's lease still serialises its runs). */
const CLAIM_PER_POLL = 20;

/**
 * A worker's side of the requests API processes record (ADR 0012): every `everyMs` it claims open requests,
 * starts each run (or finds the run under way) and answers the request with that run, which the API is
 * waiting for. A request for a connection that is no longer CONNECTED is dropped.
 */
export function pollSyncRequests(
  deps: {
    requests: SyncRequestRepository;
    connections: ConnectionRepository;
    start(connection: ConnectionRecord, trigger: string): Promise<InFlight>;
    owner: string;
    logger: Logger;
  },
  everyMs: number,
): { stop(): void; poll(): Promise<number> } {
  const poll = async (): Promise<number> => {
    const claimed = await deps.requests.claim(deps.owner, CLAIM_PER_POLL);
    for (const request of claimed) {
      try {
        const connection = await deps.connections.get(request.tenantId, request.connectionId);
        if (!connection || connection.status !== ConnectionStatus.CONNECTED) {
          await deps.requests.answer(request.id, null, 'DROPPED');
          continue;
        }
        const { run } = await deps.start(connection, request.trigger);
        await deps.requests.answer(request.id, run.id, 'STARTED');
      } catch (err) {
        // Left CLAIMED: another poll (here or on another worker) takes it over after a minute.
        deps.logger.error({ err, requestId: request.id, connectionId: request.connectionId }, 'Could not start a requested sync');
      }
    }
    return claimed.length;
  };
  let polling = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (polling || stopped) return;
    polling = true;
    poll()
      .catch((err: unknown) => deps.logger.error({ err }, 'Polling sync requests failed; the next poll tries again'))
      .finally(() => (polling = false));
  }, everyMs);
  timer.unref();
  return {
    poll,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
