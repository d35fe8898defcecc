import type { Env } from '../config/env';
import { type Core, SYNC_CONCURRENCY } from '../core';
import type { Logger } from '../lib/logger';
import { Neo4jRunCoordinator } from './firing-coordinator';
import { pollSyncRequests } from './request-poller';
import { SyncSchedule } from './schedule-slots';
import { scheduleSync } from './scheduler';
import { SpreadSchedule } from './spread-schedule';
import { SyncRequestRepository } from './sync-request.repository';

/** What a process that runs syncs (a worker, or the `all` role's sync thread) keeps running. */
export interface SyncWork {
  scheduler(): 'running' | 'disabled' | 'stopped';
  /** Stops the schedule and the request polling, then ends the runs under way (FAILED, nothing removed). */
  stop(): Promise<void>;
}

/** Starts a sync process's loops: the spread schedule (unless SYNC_ENABLED=false) and the polling of requested syncs. */
export function startSyncWork(core: Core, env: Env, logger: Logger): SyncWork {
  const schedule = new SyncSchedule(env.SYNC_CRON);
  const start = core.sync.start.bind(core.sync);
  const spread = new SpreadSchedule({
    schedule,
    listSyncable: () => core.connections.listSyncable(),
    start,
    coordinator: new Neo4jRunCoordinator(core.graph, core.instanceId),
    logger,
    concurrency: SYNC_CONCURRENCY,
  });
  const scheduled = env.SYNC_ENABLED ? scheduleSync(schedule, spread, logger) : null;
  const requests = pollSyncRequests(
    { requests: new SyncRequestRepository(core.graph), connections: core.connections, start, owner: core.instanceId, logger },
    env.SYNC_REQUEST_POLL_SECONDS * 1000,
  );
  return {
    scheduler: () => (scheduled ? scheduled.state() : 'disabled'),
    async stop() {
      scheduled?.stop();
      requests.stop();
      await core.sync.stop();
    },
  };
}
