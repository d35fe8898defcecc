import 'reflect-metadata';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { CONNECTORS } from '../../src/connectors/registry';
import { buildAppSchema } from '../../src/graphql/schema';

describe('the GraphQL schema as an artifact', () => {
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
});
