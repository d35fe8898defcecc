import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { SyncObserver } from '../runs/sync-observer';

/** Live values read when Prometheus scrapes. */
export interface MetricSources {
  /** Connections per status, over every tenant. */
  connectionsByStatus(): Promise<Record<string, number>>;
  /** Failed Neo4j round trips so far. */
  neo4jErrors(): number;
}

/** GraphQL operation names are chosen by clients: keep a bounded set of well-formed ones, then "other". */
const MAX_OPERATION_NAMES = 200;

/**
 * Every Prometheus metric of one service instance, in its own registry (tests run several instances in one
 * process). Label values are bounded: outcomes, endpoints, statuses, reasons; never tenants or emails.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();

  readonly syncRuns = new Counter({
    name: 'layer_sync_runs_total',
    help: 'Sync runs by outcome.',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly syncDuration = new Histogram({
    name: 'layer_sync_duration_seconds',
    help: 'Wall time of a sync run.',
    labelNames: ['outcome'],
    buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 1800],
    registers: [this.registry],
  });
  readonly members = new Counter({
    name: 'layer_sync_members_total',
    help: 'Members handled by syncs: written (created or changed), unchanged, skipped by reason, removed.',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly providerRequests = new Counter({
    name: 'layer_provider_requests_total',
    help: "HTTP requests to a connector's provider by provider, endpoint and status (0: no response).",
    labelNames: ['provider', 'endpoint', 'status'],
    registers: [this.registry],
  });
  readonly rateLimitWait = new Counter({
    name: 'layer_provider_rate_limit_wait_seconds_total',
    help: "Seconds spent waiting for a provider's rate limits, by provider: Retry-After of 429s and our own pacing.",
    labelNames: ['provider', 'source'],
    registers: [this.registry],
  });
  readonly connections: Gauge;
  readonly auditWriteFailures = new Counter({
    name: 'layer_audit_write_failures_total',
    help: 'Audit events whose write failed at first (retried after the response); logged as audit_write_failed with the event.',
    labelNames: ['final'],
    registers: [this.registry],
  });
  readonly graphqlRequests = new Counter({
    name: 'layer_graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok, error, rejected).',
    labelNames: ['operation', 'outcome'],
    registers: [this.registry],
  });
  readonly graphqlDuration = new Histogram({
    name: 'layer_graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation name.',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly responseCache = new Counter({
    name: 'layer_graphql_response_cache_total',
    help: 'Queries answered from the response cache (hit) or not (miss); of the misses, shared: answered by an identical query already running. Absent while the cache is off.',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly neo4jErrors: Counter;

  constructor(sources?: MetricSources, defaults = true, providers: readonly string[] = []) {
    if (defaults) collectDefaultMetrics({ register: this.registry, prefix: 'layer_' });
    // Known label sets start at zero, so dashboards and alerts see the series before the first event.
    for (const provider of providers) for (const source of ['retry_after', 'pacing']) this.rateLimitWait.inc({ provider, source }, 0);
    for (const outcome of ['succeeded', 'failed', 'needs_confirmation']) this.syncRuns.inc({ outcome }, 0);
    const statuses = ['CONNECTED', 'NEEDS_REAUTH', 'DISCONNECTED', 'ERROR'];
    this.connections = new Gauge({
      name: 'layer_connections',
      help: 'Connections by status, over every tenant.',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        if (!sources) return;
        // Neo4j down: keep the last values; /readyz says why.
        const counts = await sources.connectionsByStatus().catch(() => null);
        if (counts) for (const status of statuses) this.set({ status }, counts[status] ?? 0);
      },
    });
    let reported = 0;
    this.neo4jErrors = new Counter({
      name: 'layer_neo4j_errors_total',
      help: 'Neo4j queries and transactions that failed.',
      registers: [this.registry],
      collect() {
        const now = sources?.neo4jErrors() ?? 0;
        if (now > reported) this.inc(now - reported);
        reported = now;
      },
    });
  }

  /** The label for a client's operation name: its name while the set is small and the name well-formed. */
  operation(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'other';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_NAMES) return 'other';
    this.operations.add(name);
    return name;
  }

  /** Counts one provider response (status 0 for a network failure) and the wait a 429 asked for. */
  providerResponse(provider: string, endpoint: string, status: number, retryAfter: string | null): void {
    this.providerRequests.inc({ provider, endpoint, status: String(status) });
    const seconds = Number(retryAfter);
    if (status === 429) this.rateLimitWait.inc({ provider, source: 'retry_after' }, Number.isFinite(seconds) && seconds > 0 ? seconds : 1);
  }
}

/** The sync observer that feeds the metrics. */
export function syncMetrics(m: Metrics): SyncObserver {
  return {
    batch(p) {
      m.members.inc({ result: 'written' }, p.written);
      m.members.inc({ result: 'unchanged' }, p.unchanged);
      m.members.inc({ result: 'skipped_bot' }, p.botsSkipped);
      m.members.inc({ result: 'skipped_no_email' }, p.noEmailSkipped);
      m.members.inc({ result: 'skipped_invalid' }, p.invalidSkipped);
    },
    finished(run, durationMs) {
      const outcome = run.status.toLowerCase();
      m.syncRuns.inc({ outcome });
      m.syncDuration.observe({ outcome }, durationMs / 1000);
      m.members.inc({ result: 'removed' }, run.membershipsRemoved);
    },
  };
}
