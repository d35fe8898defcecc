import { type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema, lexicographicSortSchema } from 'graphql';
import type { UserRecord } from '../identity/identity.model';
import { buildSchema } from 'type-graphql';
import './types/enums';
import { type ProviderInfo, registerProviders } from './types/provider';
import { authChecker } from './authorization';
import { filterLimits } from './filter-limits';
import { AccessResolver } from './resolvers/access.resolver';
import { AuditResolver } from './resolvers/audit.resolver';
import { ConnectionResolver } from './resolvers/connection.resolver';
import { EmploymentResolver } from './resolvers/employment.resolver';
import { NodeResolver } from './resolvers/node.resolver';
import { OffboardingResolver } from './resolvers/offboarding.resolver';
import { TenantResolver } from './resolvers/tenant.resolver';
import { AccountResolver, accountsShown, appOfAccount, isCurrentAccount, UserResolver } from './resolvers/user.resolver';
import { globalIdOf, NODE_TAGS, type NodeType } from './global-id';
import { WorkspaceResolver } from './resolvers/workspace.resolver';

/** The GraphQL schema, built from the type-graphql classes and sorted so its printed SDL is stable; `providers` fills the Provider enum. */
export async function buildAppSchema(providers: readonly ProviderInfo[]): Promise<GraphQLSchema> {
  registerProviders(providers);
  const schema = await buildSchema({
    resolvers: [
      NodeResolver,
      ConnectionResolver,
      UserResolver,
      AccountResolver,
      WorkspaceResolver,
      TenantResolver,
      AuditResolver,
      OffboardingResolver,
      AccessResolver,
      EmploymentResolver,
    ],
    // `@Authorized('admin')` on every mutation (and on auditEvents); a test checks no mutation lacks it.
    authChecker,
    // Every string of every *Filter input is at most 256 characters (FILTER_TOO_LONG), checked once for all of them.
    validateFn: filterLimits(),
    // No global middleware: type-graphql would then wrap every field of every object in it (each scalar of each
    // user of a page). Domain errors get their code and reason in formatError (server.ts), and the only ones with
    // an HTTP status (FORBIDDEN, UNAUTHENTICATED) leave the auth checker and the context in their GraphQL form.
  });
  schema.getQueryType()!.description = "Reads of the organisation's identity graph; every query is scoped to the caller's tenant.";
  schema.getMutationType()!.description = "Connection lifecycle (each provider's OAuth), syncs and tenant settings.";
  return withDirectResolvers(lexicographicSortSchema(schema));
}

/**
 * The fields that read only their parent, resolved by the functions their resolver classes call, without
 * type-graphql's wrapper: for every call of a field resolver it copies the parent into a new instance of the
 * resolver's class (`convertToType`), and it validates every `@Arg` asynchronously (`validateArg` is async even
 * with nothing to check). On a page of 50 people with their accounts that was a copy per account per field and a
 * promise per person (ADR 0010, fourth and fifth amendments). None of these fields has a role, a middleware or an
 * argument that needs validating (`accounts(includeRemoved)` is a Boolean with a default); a unit test checks each
 * answers synchronously what its class answers.
 */
function withDirectResolvers(schema: GraphQLSchema): GraphQLSchema {
  const set = (type: string, field: string, resolve: GraphQLFieldResolver<never, unknown>) => {
    (schema.getType(type) as GraphQLObjectType).getFields()[field].resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
  };
  set('User', 'accounts', (user: UserRecord, args: { includeRemoved: boolean }) => accountsShown(user, args.includeRemoved));
  set('Account', 'workspace', appOfAccount);
  set('Account', 'current', isCurrentAccount);
  for (const type of Object.keys(NODE_TAGS) as NodeType[]) set(type, 'id', (record: object) => globalIdOf(type, record));
  // An app is shared by every account of a page that belongs to it: its id is made once per record.
  const appIds = new WeakMap<object, string>();
  set('Workspace', 'id', (app: object) => {
    let id = appIds.get(app);
    if (id === undefined) appIds.set(app, (id = globalIdOf('Workspace', app)));
    return id;
  });
  return schema;
}
