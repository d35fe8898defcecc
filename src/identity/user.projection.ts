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

/**
 * Each column an account row may carry, as projected from `a` (the account) alone: an account names its app
 * (`provider`, `appId`), so the page's apps are read once each (APPS), not once per account. Times as epoch milliseconds.
 */
const ACCOUNT_COLUMNS = {
  id: 'a.id',
  provider: 'a.provider',
  appId: 'a.appId',
  removedAt: 'a.removedAt.epochMillis',
  externalId: 'a.externalId',
  name: 'a.name',
  email: 'a.email',
  emailRaw: 'a.emailRaw',
  avatarUrl: 'a.avatarUrl',
  // Accounts written before ADR 0019 carry no role: the source said none.
  role: "coalesce(a.role, 'UNKNOWN')",
  mfaEnabled: 'a.mfaEnabled',
  lastActiveAt: 'a.lastActiveAt',
  firstSeen: 'a.firstSeen.epochMillis',
  storedLastSeen: 'coalesce(a.lastSeen, a.firstSeen).epochMillis',
} as const;

type AccountColumn = keyof typeof ACCOUNT_COLUMNS;

/** The columns every account row carries: its key, its app and whether it is current. */
const KEY_COLUMNS: readonly AccountColumn[] = ['id', 'provider', 'appId', 'removedAt'];

/** The columns each of Account's GraphQL fields reads beyond KEY_COLUMNS. */
const FIELD_COLUMNS: Record<string, readonly AccountColumn[]> = {
  externalId: ['externalId'],
  name: ['name'],
  email: ['email'],
  emailRaw: ['emailRaw'],
  avatarUrl: ['avatarUrl'],
  role: ['role'],
  mfaEnabled: ['mfaEnabled'],
  lastActiveAt: ['lastActiveAt'],
  firstSeen: ['firstSeen'],
  // A current account was last seen by its app's last successful sync (toUsers, with the app at hand).
  lastSeen: ['firstSeen', 'storedLastSeen'],
};

/** The account columns a read of these Account fields carries, in the order each row lists them. */
function accountColumns(fields: readonly string[] = Object.keys(FIELD_COLUMNS)): AccountColumn[] {
  return [...new Set([...KEY_COLUMNS, ...fields.flatMap((f) => FIELD_COLUMNS[f] ?? [])])];
}

/**
 * Each user's accounts (current and former) as lists of the columns asked for, in `columns`' order: a list
 * carries no key strings, which halved the driver's decoding of a page and cut Neo4j's CPU per page by a
 * quarter against maps read through the app (ADR 0010, fifth amendment). Unordered here: toUsers orders them.
 */
function accountsOf(columns: readonly AccountColumn[]): string {
  return `
  WITH u, key, [(u)-[:HAS_ACCOUNT]->(a:UserAccount) | [${columns.map((c) => ACCOUNT_COLUMNS[c]).join(', ')}]] AS accounts`;
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

/** The apps of every account of the page, once each (an account row's columns 1 and 2 are its provider and app id). */
const APPS = `
  CALL (rows) {
    UNWIND rows AS r
    UNWIND r[2] AS acc
    WITH DISTINCT acc[1] AS provider, acc[2] AS appId
    MATCH (w:SaaSApp {tenantId: $tenantId, provider: provider, id: appId})
    RETURN collect(${APP_PROJECTION}) AS apps
  }`;

/** Each of the User's own fields as projected from `u` and the directory's parts (`dir`, `sources`, `aliases`). */
const USER_FIELDS: Record<string, string> = {
  name: '.name',
  emails: 'emails: [u.email] + aliases',
  firstSeen: 'firstSeen: u.firstSeen.epochMillis',
  employment: `employment: {status: coalesce(u.employmentStatus, 'UNKNOWN'), since: u.employmentSince.epochMillis,
               admin: dir.admin, department: dir.department, lastSignInAt: dir.lastSignInAt, sources: sources}`,
};

/**
 * Projects each user (bound to `u`, with its sort key bound to `key`) as a row `[user, key, accounts]` with the fields
 * and parts asked for, then the apps its accounts belong to, once each, in the same round trip, and the names of
 * the account rows' columns (so toUsers reads each row as it was written). A part not asked for is not read: the accounts
 * come back empty, and the directory's fields null with `emails` holding the primary only (ADR 0010's
 * amendment measures what each part costs a page).
 * Account and user times travel as epoch milliseconds: the driver's DateTime decoding costs far more than the
 * query itself on a page of 50 (docs/benchmarks.md, figure 6).
 */
export function usersWithAccounts(parts: UserParts = ALL_PARTS): string {
  const columns = parts.accounts ? accountColumns(parts.accountFields) : [];
  return `
  ${parts.accounts ? accountsOf(columns) : 'WITH u, key, [] AS accounts'}
  ${parts.directory ? DIRECTORY : 'WITH u, key, accounts, null AS dir, [] AS sources, [] AS aliases'}
  WITH collect([u {${userProjection(parts.userFields)}}, key, accounts]) AS rows
  ${parts.accounts ? APPS : 'WITH rows, [] AS apps'}
  RETURN rows, apps, [${columns.map((c) => `'${c}'`).join(', ')}] AS accountColumns`;
}

/** The User map's entries: the email and the fields asked for, each once. */
function userProjection(fields: readonly string[] = Object.keys(USER_FIELDS)): string {
  return ['.email', ...new Set(fields.flatMap((f) => USER_FIELDS[f] ?? []))].join(', ');
}

/** Every part: the offboarding view and one person read whole. */
export const USERS_WITH_ACCOUNTS = usersWithAccounts(ALL_PARTS);

/** A user as the query above returns it: times still in epoch milliseconds, its accounts not yet read. */
interface RawUser extends Omit<UserRecord, 'firstSeen' | 'accounts' | 'employment'> {
  firstSeen: number;
  employment: Omit<EmploymentRecord, 'since' | 'lastSignInAt' | 'sources'> & {
    since: number | null;
    lastSignInAt: string | null;
    sources: (Omit<EmploymentSourceRecord, 'since'> & { since: number })[];
  };
}

/** What usersWithAccounts' statement returns. */
export interface UsersResult {
  rows: [RawUser, string | null, unknown[][]][];
  apps: AppRecord[];
  accountColumns: AccountColumn[];
}

/**
 * The result of usersWithAccounts as records: Dates, each account an object pointing at its (shared) app, and
 * each user's accounts current first, then by app name and account id. Users are converted in place, as `toPlain`
 * converts driver values: the driver built them for this result alone, and copying every user (object spread)
 * was ~0.1 ms of an uncached page of 50 (ADR 0010, fourth amendment). An account whose app is gone is left out,
 * as a read through its membership would leave it.
 */
export function toUsers(result: UsersResult | undefined): { users: UserRecord[]; keys: (string | null)[] } {
  if (!result) return { users: [], keys: [] };
  const apps = new Map(result.apps.map((w) => [appKeyOf(w), toApp(w)]));
  const at = Object.fromEntries(result.accountColumns.map((c, i) => [c, i])) as Partial<Record<AccountColumn, number>>;
  const users: UserRecord[] = [];
  const keys: (string | null)[] = [];
  for (const [u, key, rows] of result.rows) {
    const user = u as unknown as Converting<UserRecord>;
    // Fields not asked for are absent (UserParts.userFields).
    if (typeof u.firstSeen === 'number') user.firstSeen = new Date(u.firstSeen);
    if (u.employment) {
      const e = u.employment as unknown as Converting<EmploymentRecord>;
      e.since = u.employment.since === null ? null : new Date(u.employment.since);
      e.lastSignInAt = u.employment.lastSignInAt ? new Date(u.employment.lastSignInAt) : null;
      for (const x of u.employment.sources) (x as unknown as Converting<EmploymentSourceRecord>).since = new Date(x.since);
    }
    user.accounts = accountsFrom(rows, at, apps);
    users.push(user as UserRecord);
    keys.push(key);
  }
  return { users, keys };
}

/** One user's account rows as records, ordered as every list of a person's accounts is. */
function accountsFrom(rows: unknown[][], at: Partial<Record<AccountColumn, number>>, apps: Map<string, AppRecord>): AccountRecord[] {
  const accounts: AccountRecord[] = [];
  for (const row of rows) {
    // The KEY_COLUMNS first: id, provider, app id, end.
    const app = apps.get(appKeyOf({ provider: row[1] as string, id: row[2] as string }));
    if (!app) continue;
    const removedAt = toDate(row[3] as number | null) ?? null;
    const firstSeen = at.firstSeen === undefined ? undefined : (toDate(row[at.firstSeen] as number | null) ?? undefined);
    // Columns not read leave their field absent (no resolver reads it).
    const account = { id: row[0], provider: row[1], appId: row[2], removedAt, app } as Converting<AccountRecord>;
    if (at.externalId !== undefined) account.externalId = row[at.externalId] as string;
    if (at.name !== undefined) account.name = row[at.name] as string | null;
    if (at.email !== undefined) account.email = row[at.email] as string;
    if (at.emailRaw !== undefined) account.emailRaw = row[at.emailRaw] as string | null;
    if (at.avatarUrl !== undefined) account.avatarUrl = row[at.avatarUrl] as string | null;
    if (at.role !== undefined) account.role = row[at.role] as AccountRecord['role'];
    if (at.mfaEnabled !== undefined) account.mfaEnabled = row[at.mfaEnabled] as boolean | null;
    if (at.lastActiveAt !== undefined) account.lastActiveAt = row[at.lastActiveAt] ? new Date(row[at.lastActiveAt] as string) : null;
    if (firstSeen) account.firstSeen = firstSeen;
    if (at.storedLastSeen !== undefined && firstSeen)
      account.lastSeen = lastSeenOf(removedAt, firstSeen, row[at.storedLastSeen] as number, app);
    accounts.push(account as AccountRecord);
  }
  return accounts.sort(byCurrentAppAndId);
}

/** A former account was last seen when it was stored last seen; a current one by its app's last successful sync. */
function lastSeenOf(removedAt: Date | null, firstSeen: Date, stored: number, app: AppRecord): Date {
  if (removedAt) return new Date(stored);
  const synced = app.lastSuccessfulSyncAt;
  return synced && synced.getTime() > firstSeen.getTime() ? synced : firstSeen;
}

/** Current accounts first, then by app name (unnamed apps last), then by account id. */
function byCurrentAppAndId(x: AccountRecord, y: AccountRecord): number {
  return (
    Number(x.removedAt !== null) - Number(y.removedAt !== null) ||
    compareNullsLast(x.app.name, y.app.name) ||
    (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)
  );
}

function compareNullsLast(x: string | null | undefined, y: string | null | undefined): number {
  if (x === y) return 0;
  if (x === null || x === undefined) return 1;
  if (y === null || y === undefined) return -1;
  return x < y ? -1 : 1;
}

/** A record whose fields are being set from the raw values they replace. */
type Converting<T> = { -readonly [K in keyof T]: T[K] };

const toDate = (ms: number | null | undefined): Date | null | undefined => (typeof ms === 'number' ? new Date(ms) : ms);
