import { type GraphQLSchema, lexicographicSortSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import './types/enums';
import { type ProviderInfo, registerProviders } from './types/provider';
import { authChecker } from './authorization';
import { domainErrors } from './errors';
import { AuditResolver } from './resolvers/audit.resolver';
import { ConnectionResolver } from './resolvers/connection.resolver';
import { OffboardingResolver } from './resolvers/offboarding.resolver';
import { TenantResolver } from './resolvers/tenant.resolver';
import { AccountResolver, UserResolver } from './resolvers/user.resolver';
import { WorkspaceResolver } from './resolvers/workspace.resolver';

/** The GraphQL schema, built from the type-graphql classes and sorted so its printed SDL is stable; `providers` fills the Provider enum. */
export async function buildAppSchema(providers: readonly ProviderInfo[]): Promise<GraphQLSchema> {
  registerProviders(providers);
  const schema = await buildSchema({
    resolvers: [ConnectionResolver, UserResolver, AccountResolver, WorkspaceResolver, TenantResolver, AuditResolver, OffboardingResolver],
    // `@Authorized('admin')` on every mutation (and on auditEvents); a test checks no mutation lacks it.
    authChecker,
    globalMiddlewares: [domainErrors],
  });
  schema.getQueryType()!.description = "Reads of the organisation's identity graph; every query is scoped to the caller's tenant.";
  schema.getMutationType()!.description = "Connection lifecycle (each provider's OAuth), syncs and tenant settings.";
  return lexicographicSortSchema(schema);
}
