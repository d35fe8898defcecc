import type { Driver, ManagedTransaction, ResultSummary } from 'neo4j-driver';
import type { Graph } from '../../src/graph/graph';

/** Properties Neo4j reports as set, split into member data (accounts, users) and run bookkeeping. */
export interface WriteCounters {
  memberProperties: number;
  bookkeepingProperties: number;
  /** First line of every statement that set properties, with its count. */
  byStatement: Map<string, number>;
  reset(): void;
}

/** Member data is what load.ts and cleanup.ts write; everything else (runs, leases, connection, workspace) is bookkeeping. */
const isMemberStatement = (q: string) => /UserAccount|:User\b/.test(q) && !/SyncRun|SyncLease|OAuthState|Credential/.test(q);

/**
 * Wraps the app's driver so every statement's `summary.counters.updates().propertiesSet` is summed:
 * executeQuery (Graph.read/write) and the transactions of Graph.writeTx.
 */
export function countWrites(graph: Graph): WriteCounters {
  const c: WriteCounters = {
    memberProperties: 0,
    bookkeepingProperties: 0,
    byStatement: new Map(),
    reset() {
      c.memberProperties = 0;
      c.bookkeepingProperties = 0;
      c.byStatement.clear();
    },
  };
  const add = (q: string, summary: ResultSummary) => {
    const n = summary.counters.updates().propertiesSet;
    if (n === 0) return;
    if (isMemberStatement(q)) c.memberProperties += n;
    else c.bookkeepingProperties += n;
    const key = q.trim().split('\n')[0].slice(0, 80);
    c.byStatement.set(key, (c.byStatement.get(key) ?? 0) + n);
  };
  const driver = graph.driver as Driver & Record<string, unknown>;
  const executeQuery = driver.executeQuery.bind(driver);
  driver.executeQuery = (async (q: string, ...rest: unknown[]) => {
    const result = await (executeQuery as (...a: unknown[]) => Promise<{ summary: ResultSummary }>)(q, ...rest);
    add(q, result.summary);
    return result;
  }) as never;
  const session = driver.session.bind(driver);
  driver.session = ((...args: Parameters<Driver['session']>) => {
    const s = session(...args);
    const executeWrite = s.executeWrite.bind(s);
    s.executeWrite = (<T>(work: (tx: ManagedTransaction) => Promise<T>, config?: unknown) =>
      executeWrite((tx: ManagedTransaction) => {
        const wrapped = Object.create(tx) as ManagedTransaction;
        wrapped.run = ((q: string, params?: Record<string, unknown>) =>
          tx.run(q, params).then((r) => {
            add(q, r.summary);
            return r;
          })) as never;
        return work(wrapped);
      }, config as never)) as never;
    return s;
  }) as never;
  return c;
}
