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
}

/** One source's account of a person in one app. */
export interface AccountRecord {
  id: string;
  provider: string;
  externalId: string;
  appId: string;
  name: string | null;
  email: string;
  emailRaw: string | null;
  avatarUrl: string | null;
  firstSeen: Date;
  lastSeen: Date;
  app: AppRecord;
}

/** A person of the tenant, keyed by normalised email, with every account that points at them. */
export interface UserRecord {
  email: string;
  firstSeen: Date;
  accounts: AccountRecord[];
}

/** Filters for listing users; every field narrows the list. */
export interface UserFilterInput {
  emailContains?: string | null;
  nameContains?: string | null;
  emailDomain?: string | null;
  appId?: string | null;
  provider?: string | null;
}

/** A slice of users after a cursor, as one page of a Relay connection. */
export interface UserPage {
  users: UserRecord[];
  hasNextPage: boolean;
  totalCount: () => Promise<number>;
}
