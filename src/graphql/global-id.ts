/**
 * Global object ids (Relay's Global Object Identification, ADR 0017): base64url of a JSON array, the type's tag
 * then its key, e.g. ["SaaSApp","notion","<workspace id>"]. The key is what the graph keys the node by inside a
 * tenant, so an id is stable across syncs; the tenant is never in it, since every lookup is by the caller's.
 */

/** The tag of each Node type in its ids, by GraphQL type name; a tag outlives a rename of the GraphQL type. */
export const NODE_TAGS = {
  Connection: 'Connection',
  Workspace: 'SaaSApp',
  User: 'User',
  Account: 'Account',
  SyncRun: 'SyncRun',
  MembershipChange: 'MembershipChange',
  AuditEvent: 'AuditEvent',
} as const;

export type NodeType = keyof typeof NODE_TAGS;
export type NodeTag = (typeof NODE_TAGS)[NodeType];

const TYPE_OF_TAG = new Map<string, NodeType>(Object.entries(NODE_TAGS).map(([type, tag]) => [tag, type as NodeType]));

/** A decoded id: the GraphQL type and the key parts. */
export interface GlobalId {
  type: NodeType;
  key: string[];
}

/** The global id of a `type` node with this key. */
export function encodeGlobalId(type: NodeType, key: readonly string[]): string {
  return Buffer.from(JSON.stringify([NODE_TAGS[type], ...key]), 'utf8').toString('base64url');
}

/** What a global id names, or null when the text is not one of ours (an old raw id, garbage). */
export function decodeGlobalId(id: string): GlobalId | null {
  if (!/^[A-Za-z0-9_-]{4,}$/.test(id)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length < 2 || !parsed.every((p) => typeof p === 'string')) return null;
  const type = TYPE_OF_TAG.get(parsed[0] as string);
  return type ? { type, key: parsed.slice(1) as string[] } : null;
}

/** The key parts of each Node type's record, as its global id carries them. */
const KEY_OF: Record<NodeType, (record: Record<string, unknown>) => string[]> = {
  Connection: (r) => [String(r.id)],
  Workspace: (r) => [String(r.provider), String(r.id)],
  User: (r) => [String(r.email)],
  Account: (r) => [String(r.id)],
  SyncRun: (r) => [String(r.id)],
  MembershipChange: (r) => [String(r.id)],
  AuditEvent: (r) => [String(r.id)],
};

/** The global id of a record the API serves as `type`. */
export const globalIdOf = (type: NodeType, record: object): string => encodeGlobalId(type, KEY_OF[type](record as Record<string, unknown>));

/**
 * An id argument as the repositories key it: a global id of `type` gives its last key part (a raw id);
 * an old raw id passes as it is, for the deprecation period (ADR 0017); a global id of another type becomes a
 * key nothing has, so it is NOT_FOUND exactly like an unknown id.
 */
export function rawIdOf(type: NodeType, id: string): string {
  const global = decodeGlobalId(id);
  if (!global) return id;
  return global.type === type ? global.key[global.key.length - 1] : `\u0000${id}`;
}

/** How every connection-id argument reads (ADR 0017). */
export const CONNECTION_ID_ARG = "Connection.id (a global id); the connection's raw connectionId is accepted too while it is deprecated.";

/** How every app-id argument reads (ADR 0017). */
export const APP_ID_ARG =
  "Workspace.id (a global id); the app's raw externalId is accepted too while it is deprecated, unless two of your apps (of two providers) share it: then BAD_USER_INPUT / AMBIGUOUS_APP_ID.";
