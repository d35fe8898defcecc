import neo4j, { type Driver, type ManagedTransaction, Neo4jError, routing } from 'neo4j-driver';
import { AppError } from '../lib/errors';
import { toPlain } from './convert';

export type Params = Record<string, unknown>;
export type Row = Record<string, unknown>;

/**
 * The one door to Neo4j: managed transactions on an explicit database, driver values converted to plain
 * JS, and driver failures mapped to client-facing errors in one place.
 */
export class Graph {
  /** Round trips made and failed so far: read by tests (round-trip bounds) and by the metrics. */
  readonly stats = { roundTrips: 0, errors: 0 };

  constructor(
    readonly driver: Driver,
    readonly database: string,
  ) {}

  /** Runs a read query (auto-retried by the driver) and returns plain rows. */
  async read<T = Row>(cypher: string, params: Params = {}): Promise<T[]> {
    return this.run<T>(cypher, params, routing.READ);
  }

  /** Runs a write query in its own managed transaction and returns plain rows. */
  async write<T = Row>(cypher: string, params: Params = {}): Promise<T[]> {
    return this.run<T>(cypher, params, routing.WRITE);
  }

  /** Runs several statements in one managed write transaction (retried as a whole on transient errors). */
  async writeTx<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    this.stats.roundTrips++;
    try {
      return await session.executeWrite(work);
    } catch (err) {
      this.stats.errors++;
      throw mapDriverError(err);
    } finally {
      await session.close();
    }
  }

  /**
   * The database's last committed transaction, from any process, as an opaque bookmark: Neo4j returns it
   * with every transaction, a trivial auto-commit read included, and it changes with every write.
   * Not counted in `stats.roundTrips` (which counts the round trips that read or write data).
   */
  async lastCommitted(): Promise<string> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      await session.run('RETURN 1');
      return session.lastBookmarks().join(',');
    } catch (err) {
      this.stats.errors++;
      throw mapDriverError(err);
    } finally {
      await session.close();
    }
  }

  /** Confirms the server answers. */
  async ping(): Promise<void> {
    await this.driver.getServerInfo({ database: this.database });
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private async run<T>(cypher: string, params: Params, mode: (typeof routing)[keyof typeof routing]): Promise<T[]> {
    this.stats.roundTrips++;
    try {
      const result = await this.driver.executeQuery(cypher, params, { database: this.database, routing: mode });
      return result.records.map((r) => toPlain(r.toObject()) as T);
    } catch (err) {
      this.stats.errors++;
      throw mapDriverError(err);
    }
  }
}

/** Connectivity problems become UPSTREAM_UNAVAILABLE; anything else is rethrown for masking as INTERNAL. */
export function mapDriverError(err: unknown): unknown {
  if (err instanceof Neo4jError && (err.code === 'ServiceUnavailable' || err.code === 'SessionExpired')) {
    return new AppError('UPSTREAM_UNAVAILABLE', 'GRAPH_UNAVAILABLE', 'The graph database is unreachable right now; try again shortly.');
  }
  return err;
}

/** Opens a driver for the configured URI; auth is basic (ignored by a local server with auth disabled). */
export function connectGraph(uri: string, user: string, password: string, database: string): Graph {
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), {
    disableLosslessIntegers: false,
    userAgent: 'layer-identity-graph',
    // Fail an API request within seconds while Neo4j is away (readiness says so), rather than after 30 s;
    // transient errors are still retried for long enough to ride out a leader switch or a quick restart.
    connectionTimeout: 5_000,
    connectionAcquisitionTimeout: 10_000,
    maxTransactionRetryTime: 15_000,
  });
  return new Graph(driver, database);
}
