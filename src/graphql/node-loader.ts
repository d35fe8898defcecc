import { AppError } from '../lib/errors';
import type { Context } from './context';
import { decodeGlobalId, type NodeType } from './global-id';
import type { TypedRecord } from './types/node.type';

/** Reads one Node type's record by its key parts, always inside the caller's tenant. */
type Load = (ctx: Context, key: string[]) => Promise<object | null>;

const one = (key: string[]): string | null => (key.length === 1 ? key[0] : null);

const LOADERS: Record<NodeType, Load> = {
  Connection: (ctx, key) => (one(key) ? ctx.services.connections.get(ctx.tenantId, one(key)!) : Promise.resolve(null)),
  Workspace: (ctx, key) => (key.length === 2 ? ctx.services.apps.get(ctx.tenantId, key[0], key[1]) : Promise.resolve(null)),
  User: async (ctx, key) => {
    const user = one(key) ? await ctx.services.users.byEmail(ctx.tenantId, one(key)!) : null;
    // A former primary address that became an alias is still the person, but not this id's node.
    return user?.email === key[0] ? user : null;
  },
  Account: (ctx, key) => (one(key) ? ctx.services.users.account(ctx.tenantId, one(key)!) : Promise.resolve(null)),
  SyncRun: (ctx, key) => (one(key) ? ctx.services.runs.get(ctx.tenantId, one(key)!) : Promise.resolve(null)),
  MembershipChange: (ctx, key) => (one(key) ? ctx.services.changes.get(ctx.tenantId, one(key)!) : Promise.resolve(null)),
  AuditEvent: (ctx, key) => {
    // The trail is the admins' (as auditEvents): refused before any read, so a refusal says nothing about the id.
    if (!ctx.roles.includes('admin')) {
      throw new AppError('FORBIDDEN', 'ADMIN_ROLE_REQUIRED', 'Audit events need the admin role. Ask an admin of your organisation.');
    }
    return one(key) ? ctx.services.audit.get(ctx.tenantId, one(key)!) : Promise.resolve(null);
  },
};

/**
 * The object a global id names, tagged with its GraphQL type, or null: an id that is not ours, an unknown key
 * and another tenant's object all answer null alike, since every loader reads inside the caller's tenant.
 */
export async function loadNode(ctx: Context, id: string): Promise<(object & TypedRecord) | null> {
  const global = decodeGlobalId(id);
  if (!global) return null;
  const record = await LOADERS[global.type](ctx, global.key);
  return record ? { ...record, __typename: global.type } : null;
}
