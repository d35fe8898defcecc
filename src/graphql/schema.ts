import { type GraphQLObjectType, type GraphQLSchema, lexicographicSortSchema } from 'graphql';
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
import { AccountResolver, accountsShown, UserResolver } from './resolvers/user.resolver';
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
  return withSyncAccounts(lexicographicSortSchema(schema));
}

/**
 * `User.accounts` resolved by the same function without type-graphql's argument handling: type-graphql validates
 * every `@Arg` asynchronously (its `validateArg` is async even with nothing to check), so `accounts(includeRemoved)`
 * answered a promise for each person of a page and sent every person through graphql-js's promise path (ADR 0010,
 * fourth amendment). Its one argument is a Boolean with a default, which no validation concerns.
 */
function withSyncAccounts(schema: GraphQLSchema): GraphQLSchema {
  const field = (schema.getType('User') as GraphQLObjectType).getFields().accounts;
  field.resolve = (user: UserRecord, args: { includeRemoved: boolean }) => accountsShown(user, args.includeRemoved);
  return schema;
}
