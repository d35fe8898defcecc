/** What a caller may do: admin everything, viewer every query and no mutation. */
export type Role = 'admin' | 'viewer';

const KNOWN: readonly Role[] = ['admin', 'viewer'];

/** The claim's value at `name`: a top-level claim first (Auth0's "https://…/roles", Cognito's "cognito:groups"), else a dotted path (Keycloak's "realm_access.roles"). */
function claimAt(payload: Record<string, unknown>, name: string): unknown {
  if (name in payload) return payload[name];
  return name
    .split('.')
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), payload);
}

/**
 * A token's roles. No claim: `fallback` (AUTH_DEFAULT_ROLE). A claim (a string or an array of strings) with no
 * role this service knows (say, only "billing"): viewer, the least that still lets a member of the tenant read,
 * and never the fallback, which may be admin. An admin may also do whatever a viewer may.
 */
export function rolesOf(payload: Record<string, unknown>, claim: string, fallback: Role): Role[] {
  const raw = claimAt(payload, claim);
  if (raw === undefined || raw === null) return expand(fallback);
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string').map((v) => v.trim().toLowerCase());
  return expand(values.includes('admin') ? 'admin' : 'viewer');
}

const expand = (role: Role): Role[] => (role === 'admin' ? ['admin', 'viewer'] : ['viewer']);

/** Whether `role` is one of ours (for parsing configuration and flags). */
export const isRole = (role: string): role is Role => (KNOWN as readonly string[]).includes(role);
