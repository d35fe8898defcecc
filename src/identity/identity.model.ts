import type { AccountRole } from '../connectors/connector';

/** A SaaS app in the inventory; today a Notion workspace. */
export interface AppRecord {
  id: string;
  tenantId: string;
  provider: string;
  name: string | null;
  iconUrl: string | null;
  botId: string | null;
  firstSeen: Date;
  lastUpdated: Date;
  lastSuccessfulSyncAt: Date | null;
  /** A company directory (Google Workspace): its accounts say who works here. */
  directory?: boolean | null;
  /** A CONNECTED connection syncs it on schedule. */
  scheduled?: boolean;
}

/** An app inside a tenant: the graph keys it by (tenant, provider, id), so every lookup names both. */
export interface AppKey {
  provider: string;
  id: string;
}

/** One source's account of a person in one app; current while removedAt is null. */
export interface AccountRecord {
  id: string;
  provider: string;
  externalId: string;
  appId: string;
  name: string | null;
  email: string;
  emailRaw: string | null;
  avatarUrl: string | null;
  /** What the account may do (ADR 0019); UNKNOWN when the source does not say. */
  role: AccountRole;
  mfaEnabled: boolean | null;
  lastActiveAt: Date | null;
  firstSeen: Date;
  lastSeen: Date;
  removedAt: Date | null;
  app: AppRecord;
}

/** Where a person stands in the company directory (ADR 0014). */
export type EmploymentStatus = 'ACTIVE' | 'SUSPENDED' | 'ARCHIVED' | 'DELETED' | 'NOT_IN_DIRECTORY' | 'EXTERNAL' | 'UNKNOWN';

/** One directory's own view of a person (ADR 0016). */
export interface EmploymentSourceRecord {
  provider: string;
  appId: string;
  status: EmploymentStatus;
  /** When this directory's view took this status (for DELETED: when the person left it). */
  since: Date;
}

/**
 * A person's status over every directory, since when a sync has seen it, and the best-ranked directory's typed
 * facts about them (null without a directory account).
 */
export interface EmploymentRecord {
  status: EmploymentStatus;
  since: Date | null;
  admin: boolean | null;
  department: string | null;
  lastSignInAt: Date | null;
  /** Each directory's own view, the best first. */
  sources: EmploymentSourceRecord[];
}

/** A person of the tenant, keyed by normalised primary email, with every account that points at them. */
export interface UserRecord {
  email: string;
  /** Every address the person owns: the primary first, then the directory's aliases, sorted. */
  emails: string[];
  employment: EmploymentRecord;
  name: string | null;
  firstSeen: Date;
  accounts: AccountRecord[];
}

/** Filters for listing users; every field narrows the list. */
export interface UserFilterInput {
  emailContains?: string | null;
  nameContains?: string | null;
  emailDomain?: string | null;
  /** Only members of this app (its provider and id: two providers' apps may share an id). */
  app?: AppKey | null;
  provider?: string | null;
  /** true: people with no current membership (they left every app); default: current members only. */
  memberOfNoApp?: boolean | null;
  /** With `domains`: true keeps people outside the tenant's domains, false those inside. */
  external?: boolean | null;
  domains?: readonly string[];
  /** Only people with one of these statuses. */
  employmentStatus?: readonly EmploymentStatus[] | null;
  /** Only people with a current account of this role (ADR 0019). */
  accountRole?: AccountRole | null;
  /** Only people with a current account whose MFA is this (true or false; accounts whose source does not say never match). */
  mfaEnabled?: boolean | null;
}

export type UserOrderField = 'EMAIL' | 'NAME' | 'FIRST_SEEN';
export type SortDirection = 'ASC' | 'DESC';

export interface UserOrderInput {
  field: UserOrderField;
  direction: SortDirection;
}

/** Where the previous page ended: the sort key's value and the email that breaks ties. */
export interface UserKey {
  value: string;
  email: string;
}

/** A slice of users after a cursor, as one page of a Relay connection. */
export interface UserPage {
  users: UserRecord[];
  /** Each user's position in the order, for its cursor. */
  keys: UserKey[];
  hasNextPage: boolean;
  totalCount: () => Promise<number>;
}

/** A join or a leave of an app, as the sync observed it. */
export interface MembershipChangeRecord {
  id: string;
  kind: 'JOINED' | 'LEFT';
  at: Date;
  appId: string;
  accountId: string;
  email: string;
  name: string | null;
}

/** Filters for listing apps. */
export interface AppFilterInput {
  nameContains?: string | null;
  provider?: string | null;
}
