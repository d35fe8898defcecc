import 'reflect-metadata';
import { type GraphQLObjectType, type GraphQLResolveInfo, isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { CONNECTORS } from '../../src/connectors/registry';
import { getMetadataStorage } from 'type-graphql';
import { buildAppSchema } from '../../src/graphql/schema';
import { decodeGlobalId } from '../../src/graphql/global-id';
import { NodeResolver } from '../../src/graphql/resolvers/node.resolver';

describe('the GraphQL schema as an artifact', () => {
  it("answers a person's accounts at once, not as a promise, with the ended ones only when asked for", async () => {
    const schema = await buildAppSchema(CONNECTORS);
    const accounts = (schema.getType('User') as GraphQLObjectType).getFields().accounts;
    const user = {
      accounts: [
        { id: 'a', removedAt: null },
        { id: 'b', removedAt: new Date(0) },
      ],
    };
    const resolve = (includeRemoved: boolean) => accounts.resolve!(user, { includeRemoved }, {}, {} as GraphQLResolveInfo);
    expect(resolve(false)).toEqual([{ id: 'a', removedAt: null }]);
    expect((resolve(true) as unknown[]).map((a) => (a as { id: string }).id)).toEqual(['a', 'b']);
  });

  it("answers an account's app, whether it is current and every Node's id at once, as their resolver classes do", async () => {
    const schema = await buildAppSchema(CONNECTORS);
    const field = (type: string, name: string) => (schema.getType(type) as GraphQLObjectType).getFields()[name];
    const info = (type: string) => ({ parentType: schema.getType(type) }) as unknown as GraphQLResolveInfo;
    const app = { provider: 'notion', id: 'w1', name: 'Acme' };
    const account = { id: 'notion:w1:u1', removedAt: null, app };
    expect(field('Account', 'workspace').resolve!(account, {}, {}, info('Account'))).toBe(app);
    expect(field('Account', 'current').resolve!(account, {}, {}, info('Account'))).toBe(true);
    expect(field('Account', 'current').resolve!({ ...account, removedAt: new Date(0) }, {}, {}, info('Account'))).toBe(false);
    const records: Record<string, object> = { Workspace: app, Account: account, User: { email: 'a@x.com' } };
    for (const type of ['Connection', 'SyncRun', 'MembershipChange', 'AuditEvent']) records[type] = { id: `${type}-1` };
    for (const [type, record] of Object.entries(records)) {
      const direct = field(type, 'id').resolve!(record, {}, {}, info(type));
      expect(direct).toBe(new NodeResolver().id(record, info(type)));
      // Asked twice (an app shared by a page's accounts), the same id.
      expect(field(type, 'id').resolve!(record, {}, {}, info(type))).toBe(direct);
    }
    expect(decodeGlobalId(field('Workspace', 'id').resolve!(app, {}, {}, info('Workspace')) as string)).toEqual({
      type: 'Workspace',
      key: ['notion', 'w1'],
    });
  });

  it('resolves plain fields with graphql-js, which type-graphql does only where no field carries a role or a middleware', async () => {
    const schema = await buildAppSchema(CONNECTORS);
    const storage = getMetadataStorage();
    const objectTypes = storage.objectTypes.filter((t) => schema.getType(t.name));
    // `simpleResolvers` skips type-graphql's auth and middleware for plain fields: it is safe only while none has any.
    expect(objectTypes.filter((t) => !t.simpleResolvers).map((t) => t.name)).toEqual([]);
    const guarded = storage.fields.filter(
      (f) => objectTypes.some((t) => t.target === f.target) && (f.roles || (f.middlewares?.length ?? 0) > 0),
    );
    expect(guarded.map((f) => f.name)).toEqual([]);
    // graphql-js reads a field by its GraphQL name: a property served under another name keeps type-graphql's resolver.
    // Base classes too (not in the schema themselves: their fields are their subclasses').
    const simple = storage.objectTypes.filter((t) => t.simpleResolvers);
    const renamed = storage.fields.filter((f) => simple.some((t) => t.target === f.target) && f.name !== f.schemaName);
    expect(renamed.filter((f) => f.simple !== false).map((f) => f.schemaName)).toEqual([]);
    expect(renamed.map((f) => f.schemaName).sort()).toEqual(['accountId', 'accountId', 'connectionId', 'externalId', 'runId']);
    expect((schema.getType('User') as GraphQLObjectType).getFields().email.resolve).toBeUndefined();
  });

  it('describes every type, field, argument and enum value', async () => {
    const schema = await buildAppSchema(CONNECTORS);
    const missing: string[] = [];
    for (const t of Object.values(schema.getTypeMap())) {
      if (t.name.startsWith('__')) continue;
      if (!t.description) missing.push(`type ${t.name}`);
      if (isObjectType(t) || isInterfaceType(t) || isInputObjectType(t)) {
        for (const f of Object.values(t.getFields())) {
          if (!f.description) missing.push(`field ${t.name}.${f.name}`);
          for (const a of 'args' in f ? f.args : []) if (!a.description) missing.push(`arg ${t.name}.${f.name}(${a.name})`);
        }
      }
      if (isEnumType(t)) for (const v of t.getValues()) if (!v.description) missing.push(`value ${t.name}.${v.name}`);
    }
    expect(missing).toEqual([]);
  });

  it("requires the admin role on every mutation (@Authorized('admin')), and on auditEvents", async () => {
    const schema = await buildAppSchema(CONNECTORS);
    const storage = getMetadataStorage();
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    const declared = storage.mutations.filter((m) => mutations.includes(m.schemaName));
    expect(declared.map((m) => m.schemaName).sort()).toEqual(mutations);
    expect(declared.filter((m) => !m.roles?.includes('admin')).map((m) => m.schemaName)).toEqual([]);
    expect(storage.queries.find((q) => q.schemaName === 'auditEvents')?.roles).toEqual(['admin']);
  });
});
