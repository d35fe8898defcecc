import 'reflect-metadata';
import { getNamedType, graphql, type GraphQLSchema, isInputObjectType, isScalarType } from 'graphql';
import { CONNECTORS } from '../../src/connectors/registry';
import { domainError } from '../../src/graphql/errors';
import { buildAppSchema } from '../../src/graphql/schema';

/** Every (query, filter argument, string field) of the schema, found by introspection, so a new filter is covered too. */
function filterStrings(schema: GraphQLSchema): { query: string; arg: string; filter: string; field: string }[] {
  const out = [];
  for (const query of Object.values(schema.getQueryType()!.getFields())) {
    for (const arg of query.args) {
      const type = getNamedType(arg.type);
      if (!isInputObjectType(type) || !type.name.endsWith('Filter')) continue;
      for (const field of Object.values(type.getFields())) {
        const named = getNamedType(field.type);
        if (isScalarType(named) && (named.name === 'String' || named.name === 'ID'))
          out.push({ query: query.name, arg: arg.name, filter: type.name, field: field.name });
      }
    }
  }
  return out;
}

describe('filter strings', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildAppSchema(CONNECTORS);
  });

  const run = async (query: string, arg: string, field: string, value: string) => {
    const selection = getNamedType(schema.getQueryType()!.getFields()[query].type).name.endsWith('Connection')
      ? '{ __typename }'
      : '{ id }';
    const res = await graphql({
      schema,
      source: `query($v: String!) { ${query}(${arg}: { ${field}: $v }) ${selection} }`,
      variableValues: { v: value },
      contextValue: { tenantId: 'unit-test' },
    });
    return res.errors?.map((e) => domainError(e)).find(Boolean) ?? null;
  };

  it('are refused past 256 characters in every filter input, naming the field (BAD_USER_INPUT, FILTER_TOO_LONG)', async () => {
    const cases = filterStrings(schema);
    expect(cases.map((c) => `${c.filter}.${c.field}`)).toEqual(
      expect.arrayContaining(['UserFilter.emailContains', 'UserFilter.nameContains', 'UserFilter.emailDomain', 'AppFilter.nameContains']),
    );
    for (const { query, arg, filter, field } of cases) {
      const refused = await run(query, arg, field, 'x'.repeat(257));
      expect({ query, field, code: refused?.code, reason: refused?.reason }).toEqual({
        query,
        field,
        code: 'BAD_USER_INPUT',
        reason: 'FILTER_TOO_LONG',
      });
      expect(refused?.message).toContain(`${filter}.${field}`);
      // 256 characters pass the check (the resolver then fails here for want of services, not for the length).
      expect((await run(query, arg, field, 'x'.repeat(256)))?.reason).not.toBe('FILTER_TOO_LONG');
    }
  });
});
