import type { Graph, Params } from '../graph/graph';
import { APP_PROJECTION } from './app.repository';
import type { AccountRecord, AppRecord, UserFilterInput, UserKey, UserOrderInput, UserPage, UserRecord } from './identity.model';

/** A user's display name: the first (alphabetically) name among its current accounts; the User holds none. */
const NAME_EXPR = 'head(COLLECT { MATCH (u)-[:HAS_ACCOUNT]->(n:UserAccount) WHERE n.removedAt IS NULL AND n.name IS NOT NULL RETURN n.name ORDER BY n.name LIMIT 1 })';

/**
 * Projects each user with all its accounts (current and former), then the apps those accounts belong to,
 * once each, in the same round trip. A current account was last seen by its app's last successful sync; a
 * former one when it left. Account and user times travel as epoch milliseconds: the driver's DateTime
 * decoding costs far more than the query itself on a page of 50 (docs/benchmarks.md, figure 6).
 */
const USERS_WITH_ACCOUNTS = `
  CALL (u) {
    OPTIONAL MATCH (u)-[:HAS_ACCOUNT]->(a:UserAccount)-[:MEMBER_OF|FORMER_MEMBER_OF]->(w:SaaSApp)
    WITH a, w ORDER BY a.removedAt IS NOT NULL, w.name, a.id
    RETURN collect(a {.id, .provider, .externalId, .name, .email, .emailRaw, .avatarUrl, appId: w.id,
      firstSeen: a.firstSeen.epochMillis, removedAt: a.removedAt.epochMillis,
      lastSeen: CASE WHEN a.removedAt IS NOT NULL THEN coalesce(a.lastSeen, a.firstSeen).epochMillis
                     WHEN w.lastSuccessfulSyncAt > a.firstSeen THEN w.lastSuccessfulSyncAt.epochMillis ELSE a.firstSeen.epochMillis END
    }) AS accounts
  }
  WITH collect({u: u {.email, firstSeen: u.firstSeen.epochMillis, accounts: accounts}, key: key}) AS rows
  CALL (rows) {
    UNWIND rows AS r
    UNWIND r.u.accounts AS acc
    WITH DISTINCT acc.appId AS appId
    MATCH (w:SaaSApp {tenantId: $tenantId, id: appId})
    RETURN collect(${APP_PROJECTION}) AS apps
  }
  RETURN rows, apps`;

/** A user as the query above returns it, times still in epoch milliseconds and accounts without their app. */
interface RawUser extends Omit<UserRecord, 'firstSeen' | 'accounts' | 'name'> {
  firstSeen: number;
  accounts: (Omit<AccountRecord, 'firstSeen' | 'lastSeen' | 'removedAt' | 'app'> & { firstSeen: number; lastSeen: number; removedAt: number | null })[];
}

/** The result of USERS_WITH_ACCOUNTS as records: Dates, and each account pointing at its (shared) app. */
function toUsers(result: { rows: { u: RawUser; key: string | null }[]; apps: AppRecord[] } | undefined): { users: UserRecord[]; keys: (string | null)[] } {
  if (!result) return { users: [], keys: [] };
  const apps = new Map(result.apps.map((w) => [w.id, w]));
  const users = result.rows.map(({ u }) => ({
    ...u,
    name: displayName(u.accounts),
    firstSeen: new Date(u.firstSeen),
    accounts: u.accounts.map((a) => ({
      ...a,
      firstSeen: new Date(a.firstSeen),
      lastSeen: new Date(a.lastSeen),
      removedAt: a.removedAt === null ? null : new Date(a.removedAt),
      app: apps.get(a.appId)!,
    })),
  }));
  return { users, keys: result.rows.map((r) => r.key) };
}

/**
 * NAME_EXPR computed from the accounts the page already holds, rather than by a sorted subquery per user in
 * Neo4j (ADR 0010): the first, in code point order as Cypher sorts strings, of the current accounts' names.
 */
export function displayName(accounts: readonly { name: string | null; removedAt: number | null }[]): string | null {
  let best: string | null = null;
  for (const a of accounts) if (a.removedAt === null && a.name !== null && (best === null || byCodePoint(a.name, best) < 0)) best = a.name;
  return best;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Compares strings by Unicode code point (Cypher's order), not by UTF-16 unit (JavaScript's `<`). */
function byCodePoint(a: string, b: string): number {
  // Without surrogates, UTF-16 order is code point order.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Sort keys: the expression sorted on and how a cursor's value becomes a parameter of the same type. */
const ORDER_KEYS = {
  EMAIL: { expr: 'u.email', param: '$key' },
  NAME: { expr: `toLower(coalesce(${NAME_EXPR}, ''))`, param: '$key' },
  FIRST_SEEN: { expr: 'u.firstSeen', param: 'datetime($key)' },
} as const;

/** Builds the WHERE conditions of a user filter; values always travel as parameters. */
function filterClause(filter: UserFilterInput | null | undefined, params: Params): string[] {
  const f = filter ?? {};
  // Every User has an email; saying so lets the planner seek the (tenantId, email) index instead of scanning
  // every tenant's Users, and read it in email order, so `ORDER BY u.email LIMIT n` stops after n matches.
  const where: string[] = ['u.email IS NOT NULL'];
  // Default: people with a current membership. memberOfNoApp: people whose every membership ended.
  where.push(`${f.memberOfNoApp ? 'NOT ' : ''}EXISTS { MATCH (u)-[:HAS_ACCOUNT]->(c:UserAccount) WHERE c.removedAt IS NULL }`);
  if (f.emailContains) {
    params.emailContains = f.emailContains.toLowerCase();
    where.push('u.email CONTAINS $emailContains');
  }
  if (f.emailDomain) {
    params.emailDomain = '@' + f.emailDomain.trim().toLowerCase().replace(/^@/, '');
    where.push('u.email ENDS WITH $emailDomain');
  }
  if (typeof f.external === 'boolean') {
    params.domains = f.domains ?? [];
    const internal = "any(d IN $domains WHERE u.email ENDS WITH '@' + d OR u.email ENDS WITH '.' + d)";
    where.push(f.external ? `NOT ${internal}` : internal);
  }
  // Account conditions look at current accounts, or at former ones when asking for people in no app.
  const account: string[] = [f.memberOfNoApp ? 'true' : 'a.removedAt IS NULL'];
  if (f.nameContains) {
    params.nameContains = f.nameContains.toLowerCase();
    account.push('toLower(a.name) CONTAINS $nameContains');
  }
  if (f.appId) {
    params.appId = f.appId;
    account.push('a.appId = $appId');
  }
  if (f.provider) {
    params.provider = f.provider;
    account.push('a.provider = $provider');
  }
  if (account.length > 1) where.push(`EXISTS { MATCH (u)-[:HAS_ACCOUNT]->(a:UserAccount) WHERE ${account.join(' AND ')} }`);
  return where;
}

/** The keyset condition for rows after `after` in this order (ties broken by ascending email). */
function afterClause(order: UserOrderInput, after: UserKey | null, params: Params): string[] {
  if (!after) return [];
  const { expr, param } = ORDER_KEYS[order.field];
  const cmp = order.direction === 'ASC' ? '>' : '<';
  params.key = after.value;
  params.afterEmail = after.email;
  if (order.field === 'EMAIL') return [`u.email ${cmp} $afterEmail`];
  return [`(${expr} ${cmp} ${param} OR (${expr} = ${param} AND u.email > $afterEmail))`];
}

/** Reads of User nodes, always inside one tenant. */
export class UserRepository {
  constructor(private readonly graph: Graph) {}

  /** One page of users in the given order, after a cursor's key; the count runs only when asked for. */
  async page(tenantId: string, first: number, order: UserOrderInput, after: UserKey | null, filter?: UserFilterInput | null): Promise<UserPage> {
    const params: Params = { tenantId, limit: first + 1 };
    const where = [...filterClause(filter, params), ...afterClause(order, after, params)];
    const { expr } = ORDER_KEYS[order.field];
    const tieBreak = order.field === 'EMAIL' ? '' : ', u.email ASC';
    // tenantId is fixed, so leading with it changes nothing but lets the (tenantId, email) index supply the order.
    const lead = order.field === 'EMAIL' ? `u.tenantId ${order.direction}, ` : '';
    const head = await this.readFrom(tenantId, filter, first + 1);
    // The sort key travels as a string that converts back exactly (nanosecond datetimes too).
    const [result] = await this.graph.read<Parameters<typeof toUsers>[0] & object>(
      `${head} WHERE ${where.join(' AND ')}
       WITH u ORDER BY ${lead}${expr} ${order.direction}${tieBreak} LIMIT toInteger($limit)
       WITH u, toString(${expr}) AS key
       ${USERS_WITH_ACCOUNTS}`,
      params,
    );
    const { users, keys } = toUsers(result);
    const countParams: Params = { tenantId };
    const countWhere = filterClause(filter, countParams);
    return {
      users: users.slice(0, first),
      keys: users.slice(0, first).map((u, i) => ({ value: keys[i]!, email: u.email })),
      hasNextPage: users.length > first,
      totalCount: async () => {
        const [row] = await this.graph.read<{ n: number }>(`${head} WHERE ${countWhere.join(' AND ')} RETURN count(u) AS n`, countParams);
        return row.n;
      },
    };
  }

  /**
   * Where a page starts reading, as a clause binding `u` (the filter's `$appId` is in the page's parameters).
   * By default the tenant's Users in the (tenantId, email) index's order, stopping after a page of matches:
   * cheap while matches are common. For one app's members that walk passes ~(tenant ÷ app) users per match,
   * so a small app in a large tenant is read from its own accounts instead: when app² ≤ page × tenant, its
   * accounts are fewer than the users the walk would pass. Sizes are relationship degrees (accounts, current
   * and former; the tenant's total stands in for its user count), read in one extra round trip.
   */
  private async readFrom(tenantId: string, filter: UserFilterInput | null | undefined, pageRows: number): Promise<string> {
    const index = 'MATCH (u:User {tenantId: $tenantId})';
    if (!filter?.appId) return index;
    const [sizes] = await this.graph.read<{ app: number; tenant: number }>(
      `MATCH (x:SaaSApp {tenantId: $tenantId})
       WITH x, COUNT { (x)<-[:MEMBER_OF|FORMER_MEMBER_OF]-() } AS n
       RETURN sum(CASE WHEN x.id = $appId THEN n ELSE 0 END) AS app, sum(n) AS tenant`,
      { tenantId, appId: filter.appId },
    );
    const app = sizes?.app ?? 0;
    if (app * app > pageRows * (sizes?.tenant ?? 0)) return index;
    return 'MATCH (:SaaSApp {tenantId: $tenantId, id: $appId})<-[:MEMBER_OF|FORMER_MEMBER_OF]-(:UserAccount)<-[:HAS_ACCOUNT]-(u:User) WITH DISTINCT u';
  }

  /** The tenant's user with this normalised email, with current and former accounts, or null. */
  async byEmail(tenantId: string, email: string): Promise<UserRecord | null> {
    const [result] = await this.graph.read<Parameters<typeof toUsers>[0] & object>(
      `MATCH (u:User {tenantId: $tenantId, email: $email}) WITH u, null AS key ${USERS_WITH_ACCOUNTS}`,
      { tenantId, email },
    );
    return toUsers(result).users[0] ?? null;
  }
}
