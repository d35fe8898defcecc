import neo4j, { type Driver } from 'neo4j-driver';
import type { Graph } from '../../src/graph/graph';

/** A Cypher statement as the server ran it. */
export interface Statement {
  cypher: string;
  params: Record<string, unknown>;
}

/** The reads (not the response cache's version reads) these graphs run while `work` runs. */
export async function captureReads(graphs: Graph[], work: () => Promise<unknown>): Promise<Statement[]> {
  const seen: Statement[] = [];
  const originals = [...new Set(graphs)].map((g) => [g, g.read] as const);
  for (const [g, orig] of originals) {
    g.read = ((cypher: string, params: Record<string, unknown> = {}) => {
      seen.push({ cypher, params });
      return orig.call(g, cypher, params);
    }) as typeof g.read;
  }
  try {
    await work();
  } finally {
    for (const [g, orig] of originals) g.read = orig;
  }
  return seen;
}

type PlanNode = { operatorType: string; dbHits: number; rows: number; children: PlanNode[] };

/** Neo4j's `PROFILE` of a statement: total db hits, rows returned, server time and each operator's db hits/rows. */
export async function profileStatement(driver: Driver, s: Statement) {
  const res = await driver.executeQuery(`PROFILE ${s.cypher}`, s.params, { routing: neo4j.routing.READ });
  const operators: string[] = [];
  let hits = 0;
  const walk = (p: PlanNode) => {
    hits += p.dbHits;
    operators.push(`${p.operatorType.replace(/@.*/, '')} ${p.dbHits}/${p.rows}`);
    for (const c of p.children) walk(c);
  };
  walk(res.summary.profile as unknown as PlanNode);
  const ms = Number(res.summary.resultAvailableAfter) + Number(res.summary.resultConsumedAfter);
  return { hits, rows: res.records.length, ms, operators };
}
