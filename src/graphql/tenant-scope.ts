import { createParameterDecorator, ID } from 'type-graphql';
import type { ConnectionRecord } from '../connections/connection.model';
import { notFound } from '../lib/errors';
import type { Context } from './context';
import { appOfArg } from './app-arg';
import { rawIdOf } from './global-id';

/**
 * The one place where an id argument becomes one of the caller's own records (issue 19). A resolver that takes
 * a connection declares its argument with `@TenantConnection(...)` and receives the record, loaded by
 * (caller's tenant, id) before the resolver runs: another tenant's id and an unknown id are the same NOT_FOUND,
 * and nothing past this point ever sees a bare id it has not checked. The argument may be a global id or, while
 * deprecated, the raw one (ADR 0017); both name the same record. Authorization (`@Authorized`) runs
 * first, so a viewer is refused the same way for every id.
 */
export function TenantConnection(name: string, description: string) {
  return createParameterDecorator<Context>(({ args, context }) => loadConnection(context, String(args[name])), {
    arg: { name, typeFunc: () => ID, options: { description } },
  });
}

/**
 * As TenantConnection, for an app: the caller's app the argument names, by (tenant, provider, id) (ADR 0020; a raw
 * id shared by two providers' apps is AMBIGUOUS_APP_ID, see app-arg.ts). `nullable`: optional, null when absent.
 */
export function TenantAppId(name: string, description: string, { nullable = false } = {}) {
  return createParameterDecorator<Context>(
    async ({ args, context }) => {
      if (nullable && (args[name] === null || args[name] === undefined)) return null;
      const given = String(args[name]);
      const app = await appOfArg(context.services.apps, context.tenantId, given);
      if (!app) throw notFound('app', given);
      return app;
    },
    { arg: { name, typeFunc: () => ID, options: { description, nullable } } },
  );
}

/** The caller's connection with this id (global or raw), or NOT_FOUND naming the id as given. */
export async function loadConnection(ctx: Context, id: string): Promise<ConnectionRecord> {
  const connection = await ctx.services.connections.get(ctx.tenantId, rawIdOf('Connection', id));
  if (!connection) throw notFound('connection', id);
  return connection;
}
