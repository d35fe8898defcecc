import type { Env } from '../config/env';
import type { Logger } from '../lib/logger';
import type { ConnectorVariables } from './variables';

/**
 * The connector contract (ADR 0013). A connector is one folder under src/connectors/ and one line in
 * src/connectors/registry.ts. It only talks to its provider: OAuth, and get → transform of the remote app
 * and its accounts. The core owns the rest once, for every provider: OAuth state, credentials, token
 * refresh on 401, leases, runs, the write path, cleanup, the shrink guard, the API.
 */

/** Scalar provider attributes stored on the app or account node beside the neutral properties. */
export type Attributes = Record<string, string | number | boolean | null | string[]>;

/** The remote tenant a grant opens (a Notion workspace, a Google Workspace customer): one SaaS app. */
export interface RemoteApp {
  /** The provider's id of it; with the provider and the tenant it keys the SaaSApp node. */
  id: string;
  name: string | null;
  iconUrl: string | null;
  /** Provider-only facts (Notion's bot id, Google's primary domain), stored on the app node. */
  attributes: Attributes;
}

/** What a completed authorization (or a refresh) yields. */
export interface Grant {
  accessToken: string;
  /** Null when the provider did not send one; a refresh keeps the stored one then (Google keeps it). */
  refreshToken: string | null;
  app: RemoteApp;
  /** The address of whoever consented, when the provider says: a hint for the tenant's own domain. */
  ownerEmail: string | null;
}

/**
 * What a directory (a connector with `directory: true`) says of one person (ADR 0016). The core writes employment,
 * aliases and domains from these facts alone, so no provider's attribute names reach it. Gone from the directory
 * (DELETED) is not a fact a listing gives: the core sees it (absent from a complete listing, or removed in a delta).
 */
export interface DirectoryFacts {
  /** Where the person stands at the directory: may sign in (ACTIVE), blocked (SUSPENDED), kept but retired (ARCHIVED). */
  status: 'ACTIVE' | 'SUSPENDED' | 'ARCHIVED';
  /** A guest or external user of the directory (Entra's `userType: Guest`): EXTERNAL, never an employee. */
  guest: boolean;
  /** An administrator of the directory itself. */
  admin: boolean;
  /** Organisational unit or department, as the directory names it (`/Engineering`, `Sales`); null when none. */
  department: string | null;
  /** Last sign-in the directory reports (ISO 8601), null when never or unknown. Volatile: never counts as a change. */
  lastSignInAt: string | null;
}

/** What an account may do in its app (ADR 0019); UNKNOWN when the source does not say (Notion). */
export type AccountRole = 'OWNER' | 'ADMIN' | 'MEMBER' | 'GUEST' | 'UNKNOWN';

/** Why an account is kept with no person (ADR 0019): the source gave no address, or hides it. */
export type UnmanagedReason = 'NO_EMAIL' | 'EMAIL_HIDDEN';

/** What any source may say of an account's rights and use (ADR 0019); absent means UNKNOWN, null, null. */
export interface AccountFacts {
  role: AccountRole;
  /** Whether the account signs in with a second factor; null when the source does not say. */
  mfaEnabled: boolean | null;
  /** The source's last sign-in or activity (ISO 8601); null when unknown. Volatile: never counts as a change. */
  lastActiveAt: string | null;
  /** The account's handle at the source (GitHub login, Slack name); null when it has none. */
  login?: string | null;
}

/**
 * One person of the remote app as a connector's transform sees it, before the core's normalisation: addresses as
 * the provider spelled them. The core normalises them (identity/email.ts), drops unusable ones, and digests the row.
 */
export interface Person {
  externalId: string;
  /** The primary address as the provider spelled it; null or blank when the provider gave none. */
  email: string | null;
  name: string | null;
  avatarUrl: string | null;
  /** Provider-only facts stored on the account node (Google's customerId, Entra's userPrincipalName …). */
  attributes: Attributes;
  /** Other addresses this person owns (a directory's aliases), as spelled; the core normalises, dedupes and sorts. */
  aliases?: readonly string[];
  /** A directory's typed facts; required from a directory connector, absent for other apps. */
  directory?: DirectoryFacts;
  /** Role, MFA and activity, when the source says (ADR 0019). */
  account?: AccountFacts;
  /**
   * Set where an account without a usable address is normal for the source (a hidden GitHub address, a Slack
   * Connect stranger): the core then keeps it as an account joined to no person. Unset: such a person is skipped and
   * counted (`noEmailSkipped`), the seed's rule.
   */
  unmanaged?: UnmanagedReason | null;
  /**
   * With `unmanaged`: the address is unknown, not absent — the grant cannot read addresses (a Slack install without
   * users:read.email). An account the graph already holds with an address keeps it and its person (ADR 0019), and
   * the connection is marked NO_EMAIL; a new one is kept unmanaged.
   */
  emailUnknown?: boolean;
}

/** What a connector's pure transform made of one batch of raw items. */
export interface Transformed {
  people: Person[];
  /** Bots, service accounts and the like: not people. */
  botsSkipped: number;
  /** Entries that could not be read as a person at all. */
  invalidSkipped: number;
  /** Changes listings only: external ids the provider says left (Entra's `@removed`). */
  removed?: string[];
}

/** One account ready to load, made by the core from a Person: a usable, normalised email and the core's digest. */
export interface AccountRow {
  externalId: string;
  /** Normalised: trimmed, NFC, lower-case (identity/email.ts); null only for an unmanaged account. */
  email: string | null;
  /** As the provider spelled it; null only for an unmanaged account. */
  emailRaw: string | null;
  name: string | null;
  avatarUrl: string | null;
  /** Provider-only facts stored on the account node. */
  attributes: Attributes;
  /** Other addresses this account owns (a directory's aliases), normalised, sorted; empty for most apps. */
  aliases: string[];
  /** A directory's facts; null for other apps. */
  directory: DirectoryFacts | null;
  /** Role, MFA, activity and handle; UNKNOWN and nulls when the source gave none. */
  account: Required<AccountFacts>;
  /** Why the account joins no person; null for an account with an address. */
  unmanaged: UnmanagedReason | null;
  /** Set (true) only when unmanaged because the grant cannot read addresses (`Person.emailUnknown`); not stored, not digested. */
  emailUnknown?: true;
  /** The core's digest of every stored field but the volatile ones: a re-sync writes nothing while it holds. */
  hash: string;
}

/** What one batch of raw accounts became. */
export interface AccountBatch {
  rows: AccountRow[];
  /** Raw entries in the batch. */
  seen: number;
  /** Entries that are people (not bots or service accounts), with or without an email. */
  persons: number;
  botsSkipped: number;
  noEmailSkipped: number;
  /** Rows whose address the grant could not read (`Person.emailUnknown`): the connection is then NO_EMAIL. */
  emailUnknown: number;
  invalidSkipped: number;
  /** External ids a changes listing says left. */
  removed: string[];
}

/** Bounds on one enumeration, so a misbehaving provider cannot keep a run going for ever. */
export interface PagingLimits {
  /** Most pages one run reads. */
  maxPages: number;
  /** When the run's time budget ends (epoch ms); checked before every page. */
  deadline: number;
  /** Most consecutive empty pages that still announce more. */
  maxEmptyPages: number;
  /** The run's deadline (budget or shutdown): the run stops before its next page, and requests in flight abort. */
  signal?: AbortSignal;
}

/** One page a connector read: its raw items and where the next one is. */
export interface Page {
  items: unknown[];
  /** The next page's cursor (a token, a URL); null on the last page. An empty string announces more without saying where. */
  next: string | null;
  /** On the last page: what the next run resumes from (Entra's `@odata.deltaLink`); the core stores it after a successful run. */
  resume?: string | null;
}

/** What a page read receives: the run's abort signal (shutdown or deadline) and the deadline itself. */
export interface PageContext {
  signal: AbortSignal;
  /** Epoch ms; a connector bounds its own retries (Retry-After waits) by it. */
  deadline: number;
}

/**
 * How a source lists its accounts for one run. The core pages it (`page(cursor)` from null until `next` is null)
 * with the guards once for every connector (src/sync/paging.ts: most pages, a cursor seen twice, empty pages
 * announcing more, the deadline, shutdown), batches the raw items and calls `transform` on each batch.
 */
export interface Listing {
  /**
   * `complete`: every account, so those not listed have left (after the shrink guard). `changes`: only what changed
   * since the resume point (a delta), removals named in `Transformed.removed`; nobody else leaves.
   */
  kind: 'complete' | 'changes';
  /** Reads the page at `cursor` (null: the first). Throws on any failure: a partial listing never reaches cleanup. */
  page(cursor: string | null, ctx: PageContext): Promise<Page>;
  /** Pure: raw items in, people out. */
  transform(items: readonly unknown[]): Transformed;
}

/** One connection's view of its provider during a run, holding one access token. */
export interface AccountSource {
  /** The remote app as the provider describes it now. */
  app(): Promise<RemoteApp>;
  /**
   * How to list the accounts: `resume` is what the last successful run kept (`Page.resume`), null for none. A source
   * that cannot resume (or was given null) lists everything.
   */
  listing(resume: string | null): Listing | Promise<Listing>;
  /** A directory only: the email domains it owns (normalised), which make `external` authoritative. */
  domains?(): Promise<string[]>;
  /** Sentences the run should record once (e.g. sign-in activity unreadable), read after the listing. */
  warnings?(): string[];
}

/** How the core should read an error a connector threw. */
export type ErrorKind =
  /** The token is no good (401): refresh once, then NEEDS_REAUTH. */
  | 'unauthorized'
  /** The grant may not list accounts (403): the app syncs with no members and says why. */
  | 'restricted'
  /** The resume point expired (Entra's 410 on a delta link): the core lists everything once and says so. */
  | 'resume-expired'
  /** Anything else: the run fails, nothing is removed. */
  | 'other';

/**
 * What a provider's callback brought besides `code`, `state` and `error`, passed to the connector as the frontend
 * gave it (ADR 0020). An app installed on an account (a GitHub App on an organisation) names its installation and
 * what the installer did; a connector that installs nothing ignores both.
 */
export interface CallbackParams {
  /** The installation the callback names (GitHub's `installation_id`); unproven: the connector must verify it. */
  installationId?: string | null;
  /** What the installer did (`install`, `update`, or `request`: asked the account's owners to approve). */
  setupAction?: string | null;
}

/** The provider's OAuth, as the core drives it. */
export interface ConnectorOAuth {
  /** The callback registered with the provider, used when the frontend sends none. */
  readonly defaultRedirectUri: string;
  /** Where the browser goes to consent; `state` is the core's single-use state id. */
  authorizationUrl(state: string, redirectUri: string): string;
  /**
   * Exchanges the code for a grant and names the remote app it opens (may call the provider's API). `callback` is
   * what else the callback brought (the core always passes it); the code is empty only when its `setupAction` is `request`.
   */
  exchangeCode(code: string, redirectUri: string, callback?: CallbackParams): Promise<Grant>;
  /** Trades a refresh token for a new access token (and maybe a new refresh token). */
  refresh(refreshToken: string, signal?: AbortSignal): Promise<Omit<Grant, 'app' | 'ownerEmail'>>;
  /** Revokes a token at the provider; best effort, false when it failed. */
  revoke(token: string): Promise<boolean>;
}

/** Sentences a connection card shows, in the provider's words. */
export interface ConnectorTexts {
  /** The grant cannot list accounts at all. */
  noMemberAccess: string;
  /** The grant lists people but none with an email. */
  noEmailAccess: string;
  /** The provider rejected the stored token for good. */
  reauth: string;
}

/** A configured connector: what the core calls. */
export interface Connector {
  /** The stored provider id (`notion`); the GraphQL `Provider` enum value is its upper-case form. */
  readonly provider: string;
  readonly displayName: string;
  /** Extra labels of its nodes beside SaaSApp and UserAccount (e.g. NotionWorkspace, NotionUser). */
  readonly labels: { app: string; account: string };
  /** True for a company directory (Google Workspace): the source that says who works here. */
  readonly directory: boolean;
  readonly oauth: ConnectorOAuth;
  readonly texts: ConnectorTexts;
  /**
   * Opens the provider for one connection's access token during one run; `appId` keys its pacing. `signal` is the
   * run's deadline: every request, retry and backoff wait of the source must receive it (issue 19).
   */
  source(accessToken: string, appId: string, signal: AbortSignal): AccountSource;
  /** Reads an error thrown by `source` or `oauth.refresh`. */
  classify(err: unknown): ErrorKind;
  /** A sentence for the run record, never carrying a token, header or Cypher. */
  failureMessage(err: unknown): string | null;
}

/** What a connector module receives to build itself. */
export interface ConnectorDeps {
  env: Env;
  logger: Logger;
  /** Called for every HTTP response from the provider (status 0 when none came): metrics and progress. */
  observe(endpoint: string, status: number, retryAfter: string | null): void;
  /** Seconds a request waited for the provider's pacing. */
  onPacingWait(seconds: number): void;
}

/**
 * One registry line: the provider, and how to build it from the configuration. `create` returns null when
 * the connector's variable group is unset (src/config/env.ts refuses a half-set group).
 */
export interface ConnectorModule<V extends ConnectorVariables = ConnectorVariables> {
  readonly provider: string;
  readonly displayName: string;
  /** Its environment variables (its folder's `variables.ts`), composed into the configuration by src/config/env.ts. */
  readonly variables: V;
  create(deps: ConnectorDeps): Connector | null;
}

/**
 * An enumeration broke one of its bounds or the provider's paging contract; its message is a sentence for the run
 * record. The one paging error: the core's pager throws it, and a connector may throw it for its own wire checks.
 */
export class PagingError extends Error {}
