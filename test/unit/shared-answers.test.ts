import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLRequestListener } from '@apollo/server';
import type { Context } from '../../src/graphql/context';
import { sharedAnswersPlugin } from '../../src/graphql/shared-answers';

type Listener = GraphQLRequestListener<Context>;

/** A request as Apollo's pipeline hands it to the plugin: a query of `tenantId` at `version`. */
function request(tenantId: string, version: string, query = 'q1', variables = {}, maxAge = 30) {
  const contextValue = { tenantId, roles: ['viewer'], version } as unknown as Context & { version: string };
  return {
    contextValue,
    operation: { operation: 'query' },
    queryHash: query,
    operationName: null,
    request: { variables },
    response: { body: { kind: 'single', singleResult: {} }, http: { headers: new Map() } },
    overallCachePolicy: { policyIfCacheable: () => (maxAge > 0 ? { maxAge } : null) },
  } as unknown as GraphQLRequestContext<Context>;
}

async function listen(plugin: ApolloServerPlugin<Context>, rc: GraphQLRequestContext<Context>): Promise<Listener> {
  return (await plugin.requestDidStart!(rc as never)) as Listener;
}

const answer = (rc: GraphQLRequestContext<Context>, data: unknown, errors?: unknown[]) => {
  (rc.response.body as { singleResult: unknown }).singleResult = { data, ...(errors ? { errors } : {}) };
};

describe('sharedAnswersPlugin', () => {
  const versionOf = (c: Context) => (c as Context & { version: string }).version;

  it('gives a query that missed the answer of an identical one already running, and counts it', async () => {
    let shared = 0;
    const plugin = sharedAnswersPlugin(versionOf, () => shared++);
    const first = request('t1', 'v7');
    const second = request('t1', 'v7');
    const l1 = await listen(plugin, first);
    const l2 = await listen(plugin, second);
    expect(await l1.responseForOperation!(first as never)).toBeNull(); // the first one executes
    const waiting = l2.responseForOperation!(second as never);
    answer(first, { users: ['ada'] });
    await l1.willSendResponse!(first as never);
    const response = await waiting;
    expect(response?.body).toEqual({ kind: 'single', singleResult: { data: { users: ['ada'] } } });
    expect(shared).toBe(1);
    // Once answered, the next identical miss runs by itself (the response cache serves repeats, not this).
    const third = request('t1', 'v7');
    expect(await (await listen(plugin, third)).responseForOperation!(third as never)).toBeNull();
  });

  it('never shares across tenants, versions, queries or variables', async () => {
    const plugin = sharedAnswersPlugin(versionOf);
    const first = request('t1', 'v7', 'q1', { a: 1 });
    await (
      await listen(plugin, first)
    ).responseForOperation!(first as never);
    for (const other of [
      request('t2', 'v7', 'q1', { a: 1 }),
      request('t1', 'v8', 'q1', { a: 1 }),
      request('t1', 'v7', 'q2', { a: 1 }),
      request('t1', 'v7', 'q1', { a: 2 }),
    ]) {
      expect(await (await listen(plugin, other)).responseForOperation!(other as never)).toBeNull();
    }
  });

  it('lets each waiting query run by itself when the first answer had errors, and shares nothing without a version', async () => {
    const plugin = sharedAnswersPlugin(versionOf);
    const first = request('t1', 'v7');
    const second = request('t1', 'v7');
    const l1 = await listen(plugin, first);
    await l1.responseForOperation!(first as never);
    const waiting = (await listen(plugin, second)).responseForOperation!(second as never);
    answer(first, null, [{ message: 'boom' }]);
    await l1.willSendResponse!(first as never);
    expect(await waiting).toBeNull();

    const unversioned = request('t1', undefined as unknown as string);
    const l3 = await listen(plugin, unversioned);
    expect(await l3.responseForOperation!(unversioned as never)).toBeNull();
    const again = request('t1', undefined as unknown as string);
    expect(await (await listen(plugin, again)).responseForOperation!(again as never)).toBeNull();
  });

  it('stops making copies of a query wait once its answer proved one the cache cannot keep (a clock-dependent field)', async () => {
    let shared = 0;
    const plugin = sharedAnswersPlugin(versionOf, () => shared++);
    const first = request('t1', 'v7', 'clock', {}, 0);
    const second = request('t1', 'v7', 'clock', {}, 0);
    const l1 = await listen(plugin, first);
    await l1.responseForOperation!(first as never);
    const waiting = (await listen(plugin, second)).responseForOperation!(second as never);
    answer(first, { connections: [{ stale: false }] });
    await l1.willSendResponse!(first as never);
    expect(await waiting).toBeNull(); // not shared: it runs by itself
    // From now on copies run at once: a third and a fourth, concurrent, neither waits for the other.
    const third = request('t1', 'v7', 'clock', {}, 0);
    const fourth = request('t1', 'v7', 'clock', {}, 0);
    expect(await (await listen(plugin, third)).responseForOperation!(third as never)).toBeNull();
    expect(await (await listen(plugin, fourth)).responseForOperation!(fourth as never)).toBeNull();
    // Other queries still share.
    const a = request('t1', 'v7', 'q1');
    const b = request('t1', 'v7', 'q1');
    const la = await listen(plugin, a);
    await la.responseForOperation!(a as never);
    const bWaiting = (await listen(plugin, b)).responseForOperation!(b as never);
    answer(a, { users: [] });
    await la.willSendResponse!(a as never);
    expect((await bWaiting)?.body).toEqual({ kind: 'single', singleResult: { data: { users: [] } } });
    expect(shared).toBe(1);
  });
});
