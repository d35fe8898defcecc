import 'reflect-metadata';
import { getIntrospectionQuery, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { queries } from '../../bench/api';
import { mixedQueries } from '../../bench/lib/load-queries';
import { CONNECTORS } from '../../src/connectors/registry';
import { pageCost } from '../../src/graphql/cost';
import { buildAppSchema } from '../../src/graphql/schema';
import { examples } from '../../src/playground';
import { DEFAULT_LIMITS } from '../../src/server';

describe('the cost of a query (ADR 0006)', () => {
  let cost: (query: string, variables?: Record<string, unknown>) => number;
  beforeAll(async () => {
    const schema = await buildAppSchema(CONNECTORS);
    cost = (query, variables = {}) => getComplexity({ schema, query: parse(query), variables, estimators: [pageCost] });
  });

  it('costs a list without `first` its maximum size, not 1', () => {
    // A hundred connections (a full page: connections declares no smaller bound), two fields each.
    expect(cost('{ connections { id status } }')).toBe(1 + 100 * 2);
    expect(cost('{ workspaces { id } }')).toBe(1 + 20 * 1);
    // A person's accounts (at most 10) under a page of 10 users, and a scalar list (31 addresses).
    expect(cost('{ users(first: 10) { edges { node { accounts { name } } } } }')).toBe(1 + 10 * (1 + (1 + (1 + 10 * 1))));
    expect(cost('{ users(first: 10) { edges { node { emails } } } }')).toBe(1 + 10 * (1 + (1 + (1 + 31))));
    // Fifteen aliases of the connection list exceed the default limit; each alias used to cost a few points.
    const aliases = Array.from(
      { length: 15 },
      (_, i) => `c${i}: connections { id provider status statusReason stale lastSuccessfulSyncAt nextSyncAt }`,
    );
    expect(cost(`{ ${aliases.join(' ')} }`)).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
  });

  it('counts a Relay page by its `first` once, not again for its edges', () => {
    expect(cost('{ users(first: 10) { edges { node { email } } } }')).toBe(1 + 10 * (1 + (1 + 1)));
    expect(cost('{ apps { edges { node { name } } } }')).toBe(1 + 50 * (1 + (1 + 1)));
  });

  it("costs introspection nothing: GraphiQL's and a codegen's schema query stay well within the limit", () => {
    const introspection = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true });
    expect(cost(introspection)).toBe(0);
    expect(cost('{ __typename connections { __typename id } }')).toBe(1 + 100 * 1);
  });

  it("keeps GraphiQL's example operations and the benchmarks' queries within the default limit", () => {
    const ops: { query: string; variables?: Record<string, unknown> }[] = [
      ...examples().map((e) => ({ query: e.query, variables: e.variables ? JSON.parse(e.variables) : {} })),
      ...mixedQueries('app-id', 'connection-id'),
      ...Object.values(queries('tenant', 'Team 0').ours),
    ];
    for (const op of ops)
      expect({ query: op.query, cost: cost(op.query, op.variables ?? {}) <= DEFAULT_LIMITS.maxCost }).toEqual({
        query: op.query,
        cost: true,
      });
  });
});
