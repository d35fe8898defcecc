import { buildSchema, graphql, type GraphQLResolveInfo } from 'graphql';
import { selectedUserParts } from '../../src/graphql/user-parts';
import type { UserParts } from '../../src/identity/user.projection';

// The shapes of the real schema that matter here: a Relay connection of User, a single User, and a User inside another type.
const schema = buildSchema(`
  type Account { id: ID! name: String email: String lastSeen: String workspace: Workspace }
  type Workspace { id: ID! name: String }
  type Employment { status: String }
  type User { email: String! emails: [String!]! name: String employment: Employment accounts: [Account!]! firstSeen: String }
  type UserEdge { node: User! cursor: String! }
  type UserConnection { edges: [UserEdge!]! totalCount: Int }
  type Query { users: UserConnection user: User }
`);

async function partsOf(query: string): Promise<UserParts> {
  let parts: UserParts | null = null;
  // A function on the root value is called as (args, context, info) by graphql-js's default resolver.
  const capture = (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
    parts = selectedUserParts(info);
    return null;
  };
  const result = await graphql({ schema, source: query, rootValue: { users: capture, user: capture } });
  expect(result.errors).toBeUndefined();
  return parts!;
}

describe('selectedUserParts', () => {
  it('reads neither part for emails and first-seen times alone', async () => {
    expect(await partsOf('{ users { totalCount edges { cursor node { email firstSeen } } } }')).toEqual({
      accounts: false,
      directory: false,
      userFields: ['email', 'firstSeen'],
    });
  });

  it('reads the accounts for accounts only: name is stored on the User', async () => {
    expect(await partsOf('{ users { edges { node { accounts { id } } } } }')).toEqual({
      accounts: true,
      accountFields: ['id'],
      directory: false,
      userFields: ['accounts'],
    });
    expect(await partsOf('{ user { name } }')).toEqual({ accounts: false, directory: false, userFields: ['name'] });
  });

  it("reads the directory's part for employment and for emails (the aliases)", async () => {
    expect(await partsOf('{ user { employment { status } } }')).toEqual({ accounts: false, directory: true, userFields: ['employment'] });
    expect(await partsOf('{ users { edges { node { emails } } } }')).toEqual({ accounts: false, directory: true, userFields: ['emails'] });
  });

  it('sees through aliases, named fragments and inline fragments', async () => {
    const query = `
      { users { edges { node { ...Person } } } }
      fragment Person on User { primary: email ... on User { roles: employment { status } } held: accounts { id } }`;
    expect(await partsOf(query)).toEqual({
      accounts: true,
      accountFields: ['id'],
      directory: true,
      userFields: ['accounts', 'email', 'employment'],
    });
  });

  it('names the account fields selected, under aliases and fragments, so a page reads only those of each account', async () => {
    const query = `
      { users { edges { node { accounts { seen: lastSeen ...A workspace { name } } more: accounts { email } } } } }
      fragment A on Account { name }`;
    expect(await partsOf(query)).toEqual({
      accounts: true,
      accountFields: ['email', 'lastSeen', 'name', 'workspace'],
      directory: false,
      userFields: ['accounts'],
    });
  });
});
