import type { Env } from '../config/env';
import type { Logger } from '../lib/logger';

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

/** One account ready to load: a person of the remote app with a usable (normalised) email. */
export interface AccountRow {
  externalId: string;
  /** Normalised: trimmed, NFC, lower-case (identity/email.ts). */
  email: string;
  /** As the provider spelled it. */
  emailRaw: string;
  name: string | null;
  avatarUrl: string | null;
  /** Provider-only facts stored on the account node (Google's suspended, orgUnitPath …). */
  attributes: Attributes;
  /** Other addresses this account owns (a directory's aliases), normalised; empty for most apps. */
  aliases: string[];
  /** Digest of every stored field: a re-sync writes nothing for an account whose digest did not change. */
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
  invalidSkipped: number;
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

/** One connection's view of its provider during a run, holding one access token. */
export interface AccountSource {
  /** The remote app as the provider describes it now. */
  app(): Promise<RemoteApp>;
  /**
   * Pages through every account (get), yielding transformed batches of about `batchSize`. A failure halfway
   * throws, so cleanup never runs on a partial list.
   */
  accounts(batchSize: number, limits: PagingLimits): AsyncGenerator<AccountBatch>;
  /** A directory only: the email domains it owns (normalised), which make `external` authoritative. */
  domains?(): Promise<string[]>;
}

/** How the core should read an error a connector threw. */
export type ErrorKind =
  /** The token is no good (401): refresh once, then NEEDS_REAUTH. */
  | 'unauthorized'
  /** The grant may not list accounts (403): the app syncs with no members and says why. */
  | 'restricted'
  /** Anything else: the run fails, nothing is removed. */
  | 'other';

/** The provider's OAuth, as the core drives it. */
export interface ConnectorOAuth {
  /** The callback registered with the provider, used when the frontend sends none. */
  readonly defaultRedirectUri: string;
  /** Where the browser goes to consent; `state` is the core's single-use state id. */
  authorizationUrl(state: string, redirectUri: string): string;
  /** Exchanges the code for a grant and names the remote app it opens (may call the provider's API). */
  exchangeCode(code: string, redirectUri: string): Promise<Grant>;
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
export interface ConnectorModule {
  readonly provider: string;
  readonly displayName: string;
  create(deps: ConnectorDeps): Connector | null;
}

/** An enumeration broke one of its bounds or the provider's paging contract; its message is a sentence for the run record. */
export class PagingError extends Error {}
