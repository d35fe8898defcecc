import { createParameterDecorator, ID } from 'type-graphql';
import type { ConnectionRecord } from '../connections/connection.model';
import { notFound } from '../lib/errors';
import type { Context } from './context';
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

/** As TenantConnection, for an app: its id, once the caller's tenant is known to hold an app with it. `nullable`: optional, null when absent. */
export function TenantAppId(name: string, description: string, { nullable = false } = {}) {
  return createParameterDecorator<Context>(
    async ({ args, context }) => {
      if (nullable && (args[name] === null || args[name] === undefined)) return null;
      const given = String(args[name]);
      const id = rawIdOf('Workspace', given);
      if (!(await context.loaders.app.load(id))) throw notFound('app', given);
      return id;
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
