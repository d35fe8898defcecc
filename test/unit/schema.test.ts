import 'reflect-metadata';
import { type GraphQLObjectType, type GraphQLResolveInfo, isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { CONNECTORS } from '../../src/connectors/registry';
import { getMetadataStorage } from 'type-graphql';
import { buildAppSchema } from '../../src/graphql/schema';

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
