import neo4j, { type Driver, isRetryableError, type ManagedTransaction, Neo4jError, routing } from 'neo4j-driver';
import { AppError } from '../lib/errors';
import { toPlain } from './convert';
import { bumpStatement, type WriteScope } from './tenant-version';

export type Params = Record<string, unknown>;
export type Row = Record<string, unknown>;
export { UNSEEN, BUMPS_ITSELF, type WriteScope } from './tenant-version';

/** Round trips made and failed so far: read by tests (round-trip bounds) and by the metrics. */
export interface GraphStats {
  roundTrips: number;
  errors: number;
}

/**
 * The one door to Neo4j: managed transactions on an explicit database, driver values converted to plain
 * JS, and driver failures mapped to client-facing errors in one place. Every write names its tenant (or says
 * no answer shows it), so the tenant's version moves in the same transaction (ADR 0009 amendment). `api` is
 * the same graph through a driver that gives up within seconds when Neo4j is away (ADR 0010); the sync uses
 * the graph itself, whose transactions retry for longer.
 */
export class Graph {
  readonly stats: GraphStats;
  private apiView: Graph | null = null;
  private runView: Graph | null = null;

  constructor(
    readonly driver: Driver,
    readonly database: string,
    private readonly apiDriver: Driver = driver,
    stats: GraphStats = { roundTrips: 0, errors: 0 },
    private readonly owns = true,
    /** False for the view a sync run writes through: its writes move no tenant version (the run's end does). */
    private readonly bumps = true,
  ) {
    this.stats = stats;
  }

  /** The graph as API requests use it: same data and counters, but reads and writes fail fast when Neo4j is away. */
  get api(): Graph {
    if (this.driver === this.apiDriver) return this;
    return (this.apiView ??= new Graph(this.apiDriver, this.database, this.apiDriver, this.stats, false));
  }

  /**
   * The graph as a sync run writes it (ADR 0015): same drivers, but no write moves a tenant's version, so cached
   * answers keep showing the graph as it was before the run; the run's end moves it once (SyncQueue.release).
   */
  get forRun(): Graph {
    return (this.runView ??= new Graph(this.driver, this.database, this.apiDriver, this.stats, false, false));
  }

  /**
   * Runs a read query and returns plain rows. Reads run as auto-commit queries, not managed transactions
   * (ADR 0010, second amendment): one message exchange instead of a transaction's, half the client CPU and
   * twice the rate per connection; a read that fails with a retryable error is run once more.
   */
  async read<T = Row>(cypher: string, params: Params = {}): Promise<T[]> {
    this.stats.roundTrips++;
    try {
      const records = await this.autoCommitRead(cypher, params).catch((err: unknown) => {
        if (!isRetryableError(err as Error)) throw err;
        return this.autoCommitRead(cypher, params);
      });
      return records.map((r) => toPlain(r.toObject()) as T);
    } catch (err) {
      this.stats.errors++;
      throw mapDriverError(err);
    }
  }

  private async autoCommitRead(cypher: string, params: Params) {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: neo4j.session.READ,
      // executeQuery's, so this process reads its own writes on a cluster too.
      bookmarkManager: this.driver.executeQueryBookmarkManager,
    });
    try {
      return (await session.run(cypher, params)).records;
    } finally {
      await session.close();
    }
  }

  /** A write the Graph adds no version bump to (UNSEEN, or a statement that bumps its tenants itself): one executeQuery. */
  private async writeAlone<T>(cypher: string, params: Params): Promise<T[]> {
    this.stats.roundTrips++;
    try {
      const result = await this.driver.executeQuery(cypher, params, { database: this.database, routing: routing.WRITE });
      return result.records.map((r) => toPlain(r.toObject()) as T);
    } catch (err) {
      this.stats.errors++;
      throw mapDriverError(err);
    }
  }

  /** Runs a write query in its own managed transaction, bumping the scope's tenant version in it; returns plain rows. */
  async write<T = Row>(cypher: string, params: Params, scope: WriteScope): Promise<T[]> {
    if (!this.bumpOf(scope)) return this.writeAlone<T>(cypher, params);
    return this.writeTx(async (tx) => {
      const result = await tx.run(cypher, params);
      return result.records.map((r) => toPlain(r.toObject()) as T);
    }, scope);
  }

  /**
   * Runs several statements in one managed write transaction (retried as a whole on transient errors). The
   * scope's tenant version is bumped last, so the lock on that one node is held only from the bump to the commit.
   */
  async writeTx<T>(work: (tx: ManagedTransaction) => Promise<T>, scope: WriteScope): Promise<T> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: neo4j.session.WRITE,
      // Shared with executeQuery's reads, so this process reads its own writes on a cluster too.
      bookmarkManager: this.driver.executeQueryBookmarkManager,
    });
    const bump = this.bumpOf(scope);
    this.stats.roundTrips++;
    try {
      return await session.executeWrite(async (tx) => {
        const out = await work(tx);
        if (bump) await tx.run(bump.cypher, bump.params);
        return out;
      });
    } catch (err) {
      this.stats.errors++;
      throw mapDriverError(err);
    } finally {
      await session.close();
    }
  }

  private bumpOf(scope: WriteScope) {
    return this.bumps ? bumpStatement(scope) : null;
  }

  /**
   * The tenant's version: it moves with every committed write of the tenant, from any process (null before
   * the first). The response cache keys answers by it. Not counted in `stats.roundTrips`.
   */
  async tenantVersion(tenantId: string): Promise<number | null> {
    try {
      const records = await this.autoCommitRead('OPTIONAL MATCH (t:Tenant {id: $tenantId}) RETURN t.version AS v', { tenantId });
      return toPlain(records[0]?.get('v') ?? null) as number | null;
    } catch (err) {
      this.stats.errors++;
      throw mapDriverError(err);
    }
  }

  /** Confirms the server answers. */
  async ping(): Promise<void> {
    await this.driver.getServerInfo({ database: this.database });
  }

  async close(): Promise<void> {
    if (!this.owns) return;
    await this.driver.close();
    if (this.apiDriver !== this.driver) await this.apiDriver.close();
  }
}

/** Connectivity problems become UPSTREAM_UNAVAILABLE; anything else is rethrown for masking as INTERNAL. */
export function mapDriverError(err: unknown): unknown {
  if (err instanceof Neo4jError && (err.code === 'ServiceUnavailable' || err.code === 'SessionExpired')) {
    return new AppError('UPSTREAM_UNAVAILABLE', 'GRAPH_UNAVAILABLE', 'The graph database is unreachable right now; try again shortly.');
  }
  // Every pooled connection stayed busy for the whole acquisition timeout: overload, not a fault of the request.
  if (err instanceof Neo4jError && err.message.startsWith('Connection acquisition timed out')) {
    return new AppError('UPSTREAM_UNAVAILABLE', 'GRAPH_BUSY', 'The graph database is too busy to answer right now; try again shortly.');
  }
  return err;
}

/**
 * Opens the graph for the configured URI; auth is basic (ignored by a local server with auth disabled).
 * Two drivers: the sync's rides out a leader switch or a quick restart (transient errors retried for 15 s);
 * the API's gives up within `apiBudgetMs` while Neo4j is unreachable, shorter than a browser or a load
 * balancer waits: one connect of at most half the budget, retries for at most a quarter of it.
 */
export function connectGraph(uri: string, user: string, password: string, database: string, apiBudgetMs = 2_000): Graph {
  const auth = neo4j.auth.basic(user, password);
  const common = { disableLosslessIntegers: false, userAgent: 'layer-identity-graph' };
  const driver = neo4j.driver(uri, auth, {
    ...common,
    connectionTimeout: 5_000,
    connectionAcquisitionTimeout: 10_000,
    maxTransactionRetryTime: 15_000,
  });
  const apiDriver = neo4j.driver(uri, auth, {
    ...common,
    // The API reads counts, versions and epoch milliseconds, all far inside 2^53: plain numbers spare an
    // Integer object per value (ADR 0010, second amendment). The sync's driver keeps lossless integers.
    disableLosslessIntegers: true,
    connectionTimeout: Math.round(apiBudgetMs / 2),
    connectionAcquisitionTimeout: Math.round((apiBudgetMs * 3) / 4),
    maxTransactionRetryTime: Math.round(apiBudgetMs / 4),
  });
  return new Graph(driver, database, apiDriver);
}
