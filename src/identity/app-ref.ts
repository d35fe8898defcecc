/**
 * Which app a write is about, provider-neutrally: the tenant, the provider and the provider's id of the app,
 * and the provider's extra node labels. Every account key and account filter carries the provider, so two
 * providers' ids never collide.
 */
export interface AppRef {
  tenantId: string;
  provider: string;
  appId: string;
  labels: { app: string; account: string };
  /** The app is a company directory (connector.directory): its accounts own their addresses and aliases. */
  directory?: boolean;
}

const LABEL = /^[A-Z][A-Za-z0-9]{0,63}$/;

/** A label is spliced into Cypher (labels cannot be parameters), so only plain identifiers pass. */
export function label(name: string): string {
  if (!LABEL.test(name)) throw new Error(`"${name}" is not a valid node label`);
  return name;
}

/** The key of an account: provider, app and the provider's user id. */
export const accountIdPrefix = (app: AppRef): string => `${app.provider}:${app.appId}:`;

/**
 * The current members of the bound app `w`: the one definition, answered from the node's relationship degrees
 * (only accounts are MEMBER_OF an app; naming the label at the other end would make Neo4j visit each one).
 */
export const MEMBER_COUNT = 'COUNT { (w)<-[:MEMBER_OF]-() }';

/** Properties the core owns on app and account nodes; a provider attribute of the same name is dropped. */
const RESERVED = new Set([
  'tenantId',
  'provider',
  'id',
  'appId',
  'externalId',
  'name',
  'email',
  'emailRaw',
  'avatarUrl',
  'iconUrl',
  'aliases',
  'hash',
  'directory',
  'firstSeen',
  'lastSeen',
  'removedAt',
  'lastUpdated',
  'lastChangedRunId',
  'lastSuccessfulSyncAt',
  'baselineAt',
  // A directory's typed facts (ADR 0016).
  'directoryStatus',
  'directorySince',
  'guest',
  'admin',
  'department',
  'lastSignInAt',
  // Every source's account facts (ADR 0019).
  'role',
  'mfaEnabled',
  'lastActiveAt',
  'login',
  'unmanagedReason',
]);

/** A provider's attributes without the keys the core owns, so a connector can never overwrite a key or history. */
export function ownAttributes<T>(attributes: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(attributes).filter(([k]) => !RESERVED.has(k) && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(k)));
}
