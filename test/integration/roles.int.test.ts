import { connectWorkspace, memberEmails } from '../support/flows';
import { type Harness, newTenant, REDIRECT_URI, startHarness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

interface IntrospectedType {
  kind: string;
  name: string | null;
  ofType: IntrospectedType | null;
}
interface IntrospectedField {
  name: string;
  args: { name: string; type: IntrospectedType }[];
  type: IntrospectedType;
}

const TYPE = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';

/** Every mutation the schema has, read by introspection, so one added later is covered here too. */
async function mutations(tenant: string): Promise<{ fields: IntrospectedField[]; enums: Map<string, string[]> }> {
  const res = await h.gql(
    `{ __schema { mutationType { fields(includeDeprecated: true) { name args { name type { ${TYPE} } } type { ${TYPE} } } }
       types { kind name enumValues { name } } } }`,
    {},
    { tenant },
  );
  const enums = new Map<string, string[]>(
    res.data.__schema.types
      .filter((t: { kind: string }) => t.kind === 'ENUM')
      .map((t: { name: string; enumValues: { name: string }[] }) => [t.name, t.enumValues.map((v) => v.name)]),
  );
  return { fields: res.data.__schema.mutationType.fields, enums };
}

/** A literal for an argument: the real connection for ids, plausible values for the rest. */
function literal(
  type: IntrospectedType,
  name: string,
  ids: { connectionId: string; code: string; state: string },
  enums: Map<string, string[]>,
): string {
  if (type.kind === 'NON_NULL') return literal(type.ofType!, name, ids, enums);
  if (type.kind === 'LIST') return `[${literal(type.ofType!, name, ids, enums)}]`;
  if (type.kind === 'ENUM') return enums.get(type.name!)![0];
  if (type.name === 'Boolean') return 'true';
  if (type.name === 'Int') return '1';
  if (type.name === 'ID' || type.name === 'String') {
    if (name === 'code' || name === 'state') return JSON.stringify(ids[name]);
    if (/id$/i.test(name)) return JSON.stringify(ids.connectionId);
    if (/domain/i.test(name)) return JSON.stringify('viewer.example.test');
    if (/uri|url/i.test(name)) return JSON.stringify(REDIRECT_URI);
    return 'null';
  }
  throw new Error(`No test value for a ${type.kind} ${type.name} argument (${name}): extend literal()`);
}

const selection = (type: IntrospectedType): string =>
  type.kind === 'NON_NULL' || type.kind === 'LIST' ? selection(type.ofType!) : type.kind === 'OBJECT' ? '{ __typename }' : '';

/** Everything the tenant has in the graph (audit events aside), its credentials, and what Notion was asked. */
async function everything(tenant: string, connectionId: string) {
  const nodes = await h.cypher(
    `MATCH (n) WHERE n.tenantId = $tenant AND NOT n:AuditEvent
     OPTIONAL MATCH (n)-[r]->(m)
     RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props, collect([type(r), properties(r), elementId(m)]) AS out ORDER BY id`,
    { tenant },
  );
  const credentials = await h.cypher('MATCH (k:Credential {connectionId: $connectionId}) RETURN properties(k) AS k', { connectionId });
  return { nodes, credentials, notionRequests: h.notion.requests.length };
}

describe('roles: a viewer reads, only an admin writes', () => {
  it("refuses every one of a viewer's mutations, with and without their optional arguments, and changes nothing", async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Viewed', persons: 3 });
    const connectionId = await connectWorkspace(h, tenant, ws.id);
    // A real pending authorization, so a viewer holding a valid code and state is refused too, and the state survives.
    const started = await h.gql(`mutation { connectNotion { state } }`, {}, { tenant });
    const state = started.data.connectNotion.state as string;
    const code = h.notion.authorize({ workspaceId: ws.id, redirectUri: REDIRECT_URI });
    const ids = { connectionId, code, state };
    const { fields, enums } = await mutations(tenant);
    expect(fields.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'connectNotion',
        'completeNotionOAuth',
        'reconnectNotion',
        'disconnectNotion',
        'syncConnection',
        'confirmSyncShrink',
        'setTenantDomains',
      ]),
    );
    const before = await everything(tenant, connectionId);

    const tried: string[] = [];
    for (const f of fields) {
      const required = f.args.filter((a) => a.type.kind === 'NON_NULL');
      for (const args of new Set([required, f.args])) {
        const list = args.map((a) => `${a.name}: ${literal(a.type, a.name, ids, enums)}`).join(', ');
        const op = `mutation { ${f.name}${list ? `(${list})` : ''} ${selection(f.type)} }`;
        const res = await h.gql(op, {}, { tenant, role: 'viewer', sub: 'viewer-1' });
        expect([op, res.errors?.[0].extensions]).toEqual([
          op,
          expect.objectContaining({ code: 'FORBIDDEN', reason: 'ADMIN_ROLE_REQUIRED' }),
        ]);
        expect(res.data ?? null).toBeNull();
        tried.push(op);
      }
    }
    expect(tried.some((op) => /disconnectNotion\(connectionId: "[^"]+", purge: true\)/.test(op))).toBe(true);
    await h.app.sync.idle();
    expect(await everything(tenant, connectionId)).toEqual(before);
    expect(await memberEmails(h, tenant, ws.id)).toHaveLength(3);

    // The admin's pending authorization was not consumed by the refused attempt.
    const done = await h.gql(
      `mutation($c: String!, $s: String!) { completeNotionOAuth(code: $c, state: $s) { id: connectionId status } }`,
      { c: code, s: state },
      { tenant, role: 'admin' },
    );
    expect(done.data.completeNotionOAuth).toEqual({ id: connectionId, status: 'CONNECTED' });
    await h.app.sync.idle();
  });

  it('a viewer runs every query, the playground and explorer ones included', async () => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Readable', persons: 2, domain: 'readable.example.test' });
    const id = await connectWorkspace(h, tenant, ws.id);
    const res = await h.gql(
      `query($id: ID!, $ws: ID!) { connections { id: connectionId status } connection(id: $id) { id: connectionId } syncRuns(connectionId: $id) { edges { node { status } } }
         users(first: 5) { totalCount } user(email: "person0@readable.example.test") { email } apps(first: 5) { edges { node { name memberCount } } }
         workspaces { name } tenantDomains { source } membershipChanges(appId: $ws, since: "2020-01-01T00:00:00Z", first: 5) { edges { node { kind } } } }`,
      { id, ws: ws.id },
      { tenant, role: 'viewer' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({
      connections: [{ id, status: 'CONNECTED' }],
      users: { totalCount: 2 },
      user: { email: 'person0@readable.example.test' },
      workspaces: [{ name: 'Readable' }],
    });
  });

  it('auditEvents is for admins: a viewer is refused, and never served an answer the cache kept for an admin', async () => {
    const tenant = newTenant();
    await h.gql('mutation { setTenantDomains(domains: ["cache-roles.example.test"]) { source } }', {}, { tenant });
    const q = '{ auditEvents(first: 5) { edges { node { action outcome } } } }';
    const admin = await h.gql(q, {}, { tenant, role: 'admin' });
    expect(admin.data.auditEvents.edges).toEqual([{ node: { action: 'setTenantDomains', outcome: 'ok' } }]);
    expect((await h.gql(q, {}, { tenant, role: 'admin' })).body).toBe(admin.body); // cached for admins
    const viewer = await h.gql(q, {}, { tenant, role: 'viewer' });
    expect(viewer.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ADMIN_ROLE_REQUIRED' });
    expect(viewer.data ?? null).toBeNull();
  });
});
