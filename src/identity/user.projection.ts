import { APP_PROJECTION, appKeyOf, toApp } from './app.repository';
import { DIRECTORY_VIEW, VIEW_ORDER } from './employment.writer';
import type { AccountRecord, AppRecord, EmploymentRecord, EmploymentSourceRecord, UserRecord } from './identity.model';

/** Which parts of a user a read fetches beyond the User node itself: what the GraphQL selection asks for. */
export interface UserParts {
  /** The accounts and their apps (`accounts`). */
  accounts: boolean;
  /**
   * Which of an account's own fields to read (`Account`'s GraphQL field names); every one when absent. The key,
   * the app and whether it is current are always read.
   */
  accountFields?: readonly string[];
  /** The directory's view: `employment`'s admin flag, org unit and last login, and `emails` (the aliases). */
  directory: boolean;
  /**
   * Which of the User's own fields to read (`User`'s GraphQL field names); every one when absent. The email (the
   * key) is always read; a field not read stays absent from the record (no resolver reads it).
   */
  userFields?: readonly string[];
}

export const ALL_PARTS: UserParts = { accounts: true, directory: true };

/** Each account field as projected from `a` (the account) and `w` (its app); times as epoch milliseconds. */
const ACCOUNT_FIELDS: Record<string, string> = {
  provider: '.provider',
  externalId: '.externalId',
  name: '.name',
  email: '.email',
  emailRaw: '.emailRaw',
  avatarUrl: '.avatarUrl',
  // Accounts written before ADR 0019 carry no role: the source said none.
  role: "role: coalesce(a.role, 'UNKNOWN')",
  mfaEnabled: '.mfaEnabled',
  lastActiveAt: '.lastActiveAt',
  firstSeen: 'firstSeen: a.firstSeen.epochMillis',
  // A current account was last seen by its app's last successful sync.
  lastSeen: `lastSeen: CASE WHEN a.removedAt IS NOT NULL THEN coalesce(a.lastSeen, a.firstSeen).epochMillis
                     WHEN w.lastSuccessfulSyncAt > a.firstSeen THEN w.lastSuccessfulSyncAt.epochMillis ELSE a.firstSeen.epochMillis END`,
};

/**
 * Each user's accounts (current and former) with the fields asked for: fewer properties read and fewer map
 * entries for the driver to decode per account (ADR 0010, second amendment).
 */
function accountsOf(fields: readonly string[] = Object.keys(ACCOUNT_FIELDS)): string {
  const projection = [
    '.id',
    'appId: w.id',
    'appProvider: w.provider',
    'removedAt: a.removedAt.epochMillis',
    ...new Set(fields.flatMap((f) => ACCOUNT_FIELDS[f] ?? [])),
  ];
  return `
  CALL (u) {
    OPTIONAL MATCH (u)-[:HAS_ACCOUNT]->(a:UserAccount)-[:MEMBER_OF|FORMER_MEMBER_OF]->(w:SaaSApp)
    WITH a, w ORDER BY a.removedAt IS NOT NULL, w.name, a.id
    RETURN collect(a {${projection.join(', ')}}) AS accounts
  }`;
}

/**
 * Each directory's view of the user (ADR 0016), the best first (active, then guest, then the mildest leaver's
 * status; current before former), whose facts `employment` shows, and the user's aliases.
 */
const DIRECTORY = `
  CALL (u) {
    OPTIONAL MATCH (u)-[:HAS_ACCOUNT]->(d:UserAccount)-[:MEMBER_OF|FORMER_MEMBER_OF]->(w:SaaSApp {directory: true})
    WITH d, w, ${DIRECTORY_VIEW} AS view WHERE d IS NOT NULL
    WITH d, w, view ORDER BY ${VIEW_ORDER}, d.removedAt DESC, w.provider, w.id
    RETURN head(collect(d {.admin, .department, .lastSignInAt})) AS dir,
           collect({provider: w.provider, appId: w.id, status: view,
                    since: coalesce(d.removedAt, d.directorySince, d.firstSeen).epochMillis}) AS sources
  }
  WITH u, key, accounts, dir, sources,
       COLLECT { MATCH (u)-[:HAS_ALIAS]->(e:EmailAlias) RETURN e.address ORDER BY e.address } AS aliases`;

/** The apps of every account of the page, once each. */
const APPS = `
  CALL (rows) {
    UNWIND rows AS r
    UNWIND r.u.accounts AS acc
    WITH DISTINCT acc.appProvider AS provider, acc.appId AS appId
    MATCH (w:SaaSApp {tenantId: $tenantId, provider: provider, id: appId})
    RETURN collect(${APP_PROJECTION}) AS apps
  }
  RETURN rows, apps`;

/** Each of the User's own fields as projected from `u` and the directory's parts (`dir`, `sources`, `aliases`). */
const USER_FIELDS: Record<string, string> = {
  name: '.name',
  emails: 'emails: [u.email] + aliases',
  firstSeen: 'firstSeen: u.firstSeen.epochMillis',
  employment: `employment: {status: coalesce(u.employmentStatus, 'UNKNOWN'), since: u.employmentSince.epochMillis,
               admin: dir.admin, department: dir.department, lastSignInAt: dir.lastSignInAt, sources: sources}`,
};

/**
 * Projects each user (bound to `u`, with its sort key bound to `key`) with the fields and parts asked for, then the apps
 * its accounts belong to, once each, in the same round trip. A part not asked for is not read: the accounts
 * come back empty, and the directory's fields null with `emails` holding the primary only (ADR 0010's
 * amendment measures what each part costs a page).
 * Account and user times travel as epoch milliseconds: the driver's DateTime decoding costs far more than the
 * query itself on a page of 50 (docs/benchmarks.md, figure 6).
 */
export function usersWithAccounts(parts: UserParts = ALL_PARTS): string {
  return `
  ${parts.accounts ? accountsOf(parts.accountFields) : 'WITH u, key, [] AS accounts'}
  ${parts.directory ? DIRECTORY : 'WITH u, key, accounts, null AS dir, [] AS sources, [] AS aliases'}
  WITH collect({u: u {${userProjection(parts.userFields)}, accounts: accounts}, key: key}) AS rows
  ${parts.accounts ? APPS : 'RETURN rows, [] AS apps'}`;
}

/** The User map's entries: the email and the fields asked for, each once. */
function userProjection(fields: readonly string[] = Object.keys(USER_FIELDS)): string {
  return ['.email', ...new Set(fields.flatMap((f) => USER_FIELDS[f] ?? []))].join(', ');
}

/** Every part: the offboarding view and one person read whole. */
export const USERS_WITH_ACCOUNTS = usersWithAccounts(ALL_PARTS);

/** A user as the query above returns it, times still in epoch milliseconds and accounts without their app. */
interface RawUser extends Omit<UserRecord, 'firstSeen' | 'accounts' | 'employment'> {
  firstSeen: number;
  employment: Omit<EmploymentRecord, 'since' | 'lastSignInAt' | 'sources'> & {
    since: number | null;
    lastSignInAt: string | null;
    sources: (Omit<EmploymentSourceRecord, 'since'> & { since: number })[];
  };
  accounts: (Omit<AccountRecord, 'firstSeen' | 'lastSeen' | 'removedAt' | 'app' | 'lastActiveAt'> & {
    lastActiveAt?: string | null;
    firstSeen: number;
    lastSeen: number;
    removedAt: number | null;
    appProvider: string;
  })[];
}

/**
 * The result of USERS_WITH_ACCOUNTS as records: Dates, and each account pointing at its (shared) app. Converted in
 * place, as `toPlain` converts driver values: the driver built these objects for this result alone, and copying
 * every user and account (object spread) was ~0.3 ms of an uncached page of 50 (ADR 0010, fourth amendment).
 */
export function toUsers(result: { rows: { u: RawUser; key: string | null }[]; apps: AppRecord[] } | undefined): {
  users: UserRecord[];
  keys: (string | null)[];
} {
  if (!result) return { users: [], keys: [] };
  const apps = new Map(result.apps.map((w) => [appKeyOf(w), toApp(w)]));
  const users: UserRecord[] = [];
  const keys: (string | null)[] = [];
  for (const { u, key } of result.rows) {
    const user = u as unknown as Converting<UserRecord>;
    // Fields not asked for are absent (UserParts.userFields).
    if (typeof u.firstSeen === 'number') user.firstSeen = new Date(u.firstSeen);
    if (u.employment) {
      const e = u.employment as unknown as Converting<EmploymentRecord>;
      e.since = u.employment.since === null ? null : new Date(u.employment.since);
      e.lastSignInAt = u.employment.lastSignInAt ? new Date(u.employment.lastSignInAt) : null;
      for (const x of u.employment.sources) (x as unknown as Converting<EmploymentSourceRecord>).since = new Date(x.since);
    }
    for (const a of u.accounts) {
      const account = a as unknown as Converting<AccountRecord>;
      // Times not asked for stay absent (no resolver reads them).
      account.firstSeen = toDate(a.firstSeen)!;
      account.lastSeen = toDate(a.lastSeen)!;
      account.removedAt = toDate(a.removedAt) ?? null;
      account.lastActiveAt = a.lastActiveAt ? new Date(a.lastActiveAt) : null;
      account.app = apps.get(appKeyOf({ provider: a.appProvider, id: a.appId }))!;
    }
    users.push(user as UserRecord);
    keys.push(key);
  }
  return { users, keys };
}

/** A record whose fields are being set from the raw values they replace. */
type Converting<T> = { -readonly [K in keyof T]: T[K] };

const toDate = (ms: number | null | undefined): Date | null | undefined => (typeof ms === 'number' ? new Date(ms) : ms);
