import { randomUUID } from 'node:crypto';
import { connectWorkspace, getConnection, memberEmails } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

/**
 * Issue 19: every field of the schema that takes an id, found by introspection (so a field added later is
 * covered without touching this file), answers another tenant's admin exactly as it answers an id that does
 * not exist, with none of the owner's data, also while the owner's run is in progress.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface Field {
  name: string;
  args: Array<{ name: string; type: TypeRef; defaultValue: string | null }>;
  type: TypeRef;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const INTROSPECTION = `{ __schema {
  queryType { fields(includeDeprecated: true) { name args { name defaultValue type { ${TYPE_REF} } } type { ${TYPE_REF} } } }
  mutationType { fields(includeDeprecated: true) { name args { name defaultValue type { ${TYPE_REF} } } type { ${TYPE_REF} } } }
  types { name kind enumValues { name } }
} }`;

const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);
const printed = (t: TypeRef): string =>
  t.kind === 'NON_NULL' ? `${printed(t.ofType!)}!` : t.kind === 'LIST' ? `[${printed(t.ofType!)}]` : t.name!;
const isList = (t: TypeRef): boolean => t.kind === 'LIST' || (t.kind === 'NON_NULL' && isList(t.ofType!));
const takesId = (f: Field) => f.args.some((a) => named(a.type).name === 'ID');

/** A plausible value for an argument that is not the id under test; an argument of a kind this cannot fill fails the test. */
function filler(arg: Field['args'][number], enums: Map<string, string[]>): unknown {
  const n = named(arg.type).name!;
  const one =
    n === 'String'
      ? 'x'
      : n === 'Boolean'
        ? false
        : n === 'Int' || n === 'Float'
          ? 1
          : n === 'DateTimeISO'
            ? '2000-01-01T00:00:00.000Z'
            : enums.has(n)
              ? enums.get(n)![0]
              : undefined;
  if (one === undefined) throw new Error(`tenant-walls: cannot fill required argument ${arg.name}: ${printed(arg.type)}; teach filler()`);
  return isList(arg.type) ? [one] : one;
}

/** The operation that calls `field` with `id` in every ID argument (and plausible values in the other required ones). */
function operation(kind: 'query' | 'mutation', field: Field, enums: Map<string, string[]>, id: string) {
  const used = field.args.filter((a) => named(a.type).name === 'ID' || (a.type.kind === 'NON_NULL' && a.defaultValue === null));
  const variables = Object.fromEntries(
    used.map((a) => [a.name, named(a.type).name === 'ID' ? (isList(a.type) ? [id] : id) : filler(a, enums)]),
  );
  const decl = used.map((a) => `$${a.name}: ${printed(a.type)}`).join(', ');
  const call = used.map((a) => `${a.name}: $${a.name}`).join(', ');
  const leaf = ['SCALAR', 'ENUM'].includes(named(field.type).kind);
  return { query: `${kind}${decl ? `(${decl})` : ''} { ${field.name}(${call})${leaf ? '' : ' { __typename }'} }`, variables };
}

/** The answer with the id spelled out replaced, so two answers about two ids compare. */
const normalised = (body: string, id: string) => body.split(id).join('<id>');

describe("another tenant's ids", () => {
  it('every id-taking field answers them exactly as an unknown id, with no data, also while a run is in progress', async () => {
    const owner = newTenant();
    const intruder = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Walled Garden', persons: 6 });
    const connectionId = await connectWorkspace(h, owner, ws.id);
    const emails = await memberEmails(h, owner, ws.id);

    // Every id the owner's own API answers carry, plus the raw keys in the graph: whatever form ids take, they are tried.
    const seen = await h.gql(`{ connections { id workspace { id } lastSync { id } } }`, {}, { tenant: owner });
    const [raw] = await h.cypher<{ runs: string[] }>('MATCH (r:SyncRun {connectionId: $id}) RETURN collect(r.id) AS runs', {
      id: connectionId,
    });
    const ownerIds = new Set<string>([
      connectionId,
      ws.id,
      ...raw.runs,
      ...JSON.stringify(seen.data)
        .match(/"id":"([^"]+)"/g)!
        .map((m) => m.slice(6, -1)),
    ]);

    const schema = (await h.gql(INTROSPECTION, {}, { tenant: intruder })).data.__schema;
    const enums = new Map<string, string[]>(
      schema.types
        .filter((t: { kind: string }) => t.kind === 'ENUM')
        .map((t: { name: string; enumValues: Array<{ name: string }> }) => [t.name, t.enumValues.map((v) => v.name)]),
    );
    const fields: Array<['query' | 'mutation', Field]> = [
      ...schema.queryType.fields.filter(takesId).map((f: Field) => ['query', f] as const),
      ...schema.mutationType.fields.filter(takesId).map((f: Field) => ['mutation', f] as const),
    ];
    // The fields issue 19 names must be among them (the walk finds them; this only proves it looked).
    const names = fields.map(([, f]) => f.name);
    for (const must of [
      'connection',
      'syncRuns',
      'membershipChanges',
      'syncConnection',
      'confirmSyncShrink',
      'reconnectNotion',
      'disconnectNotion',
    ]) {
      expect(names).toContain(must);
    }

    // Keep the owner's run in progress: its second page hangs until the request times out.
    h.notion.injectFault({ path: '/v1/users', workspaceId: ws.id, kind: 'hang', afterRequests: 1 });
    const started = await h.gql(
      `mutation($id: ID!) { syncConnection(connectionId: $id) { id status } }`,
      { id: connectionId },
      { tenant: owner },
    );
    expect(started.data.syncConnection.status).toBe('RUNNING');

    const secrets = [ws.name, ...emails, ...raw.runs, started.data.syncConnection.id];
    for (const [kind, field] of fields) {
      const unknown = randomUUID();
      const baseline = await h.gql(operation(kind, field, enums, unknown).query, operation(kind, field, enums, unknown).variables, {
        tenant: intruder,
      });
      // An unknown id is refused or null (nodes: a list of nulls): never data.
      const answer: unknown = baseline.data?.[field.name] ?? null;
      if (answer !== null && !(Array.isArray(answer) && answer.every((x) => x === null)))
        throw new Error(`${field.name} answered an unknown id with data: ${baseline.body}`);
      for (const id of ownerIds) {
        const op = operation(kind, field, enums, id);
        const res = await h.gql(op.query, op.variables, { tenant: intruder });
        expect({ field: field.name, id, body: normalised(res.body, id), status: res.status }).toEqual({
          field: field.name,
          id,
          body: normalised(baseline.body, unknown),
          status: baseline.status,
        });
        for (const s of secrets) expect(normalised(res.body, id)).not.toContain(s);
      }
    }

    // The owner's connection and data are as they were: nothing the intruder sent changed them.
    h.notion.clearFaults();
    await h.app.sync.idle();
    expect(await getConnection(h, owner, connectionId)).toMatchObject({ status: 'CONNECTED' });
    expect(await memberEmails(h, owner, ws.id)).toEqual(emails);
  });
});
