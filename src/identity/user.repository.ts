import type { Graph, Params } from '../graph/graph';
import { normaliseEmail } from './email';
import { ALL_PARTS, toUsers, type UserParts, usersWithAccounts } from './user.projection';
import type { AccountRecord, UserFilterInput, UserKey, UserOrderInput, UserPage, UserRecord } from './identity.model';

/** One app's users, current and former, read from the app's own accounts (`$appProvider`, `$appId` are in the parameters). */
const FROM_APP =
  'MATCH (:SaaSApp {tenantId: $tenantId, provider: $appProvider, id: $appId})<-[:MEMBER_OF|FORMER_MEMBER_OF]-(:UserAccount)<-[:HAS_ACCOUNT]-(u:User) WITH DISTINCT u';

/** Sort keys: the expression sorted on and how a cursor's value becomes a parameter of the same type. */
const ORDER_KEYS = {
  EMAIL: { expr: 'u.email', param: '$key' },
  NAME: { expr: "toLower(coalesce(u.name, ''))", param: '$key' },
  FIRST_SEEN: { expr: 'u.firstSeen', param: 'datetime($key)' },
} as const;

/** Builds the WHERE conditions of a user filter; values always travel as parameters. */
function filterClause(filter: UserFilterInput | null | undefined, params: Params): string[] {
  const f = filter ?? {};
  // Every User has an email; saying so lets the planner seek the (tenantId, current, email) index and read it
  // in email order, so `ORDER BY u.email LIMIT n` stops after n matches and a count reads only the index.
  const where: string[] = ['u.email IS NOT NULL'];
  // Default: people with a current membership. memberOfNoApp: people whose every membership ended. Both read
  // the User's stored summary (user.summary.ts), not its accounts.
  where.push(`u.current = ${f.memberOfNoApp ? 'false' : 'true'}`);
  if (f.emailContains) {
    params.emailContains = normaliseEmail(f.emailContains);
    where.push('u.email CONTAINS $emailContains');
  }
  if (f.emailDomain) {
    params.emailDomain = '@' + normaliseEmail(f.emailDomain).replace(/^@/, '');
    where.push('u.email ENDS WITH $emailDomain');
  }
  if (typeof f.external === 'boolean') {
    params.domains = f.domains ?? [];
    const internal = "any(d IN $domains WHERE u.email ENDS WITH '@' + d OR u.email ENDS WITH '.' + d)";
    where.push(f.external ? `NOT ${internal}` : internal);
  }
  if (f.employmentStatus && f.employmentStatus.length > 0) {
    params.employmentStatus = [...f.employmentStatus];
    where.push("coalesce(u.employmentStatus, 'UNKNOWN') IN $employmentStatus");
  }
  // Account conditions look at current accounts, or at former ones when asking for people in no app.
  const account: string[] = [f.memberOfNoApp ? 'true' : 'a.removedAt IS NULL'];
  if (f.nameContains) {
    params.nameContains = f.nameContains.toLowerCase();
    account.push('toLower(a.name) CONTAINS $nameContains');
  }
  if (f.app) {
    params.appProvider = f.app.provider;
    params.appId = f.app.id;
    account.push('a.provider = $appProvider AND a.appId = $appId');
  }
  if (f.provider) {
    params.provider = f.provider;
    account.push('a.provider = $provider');
  }
  if (f.accountRole) {
    params.accountRole = f.accountRole;
    account.push("coalesce(a.role, 'UNKNOWN') = $accountRole");
  }
  if (typeof f.mfaEnabled === 'boolean') {
    params.mfaEnabled = f.mfaEnabled;
    account.push('a.mfaEnabled = $mfaEnabled');
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

/** How long an app's size, read to choose where a page of its members starts, is reused. */
const SIZES_TTL_MS = 60_000;
/** Apps whose sizes are kept at once; past it the map starts over. */
const MAX_SIZES = 10_000;

/** Reads of User nodes, always inside one tenant. */
export class UserRepository {
  /** Each app's size and its tenant's, by tenant, provider and app id, with when they were read. */
  private readonly sizes = new Map<string, { app: number; tenant: number; at: number }>();

  constructor(private readonly graph: Graph) {}

  /**
   * One page of users in the given order, after a cursor's key, with the parts the caller reads; the count
   * runs only when asked for.
   */
  async page(
    tenantId: string,
    first: number,
    order: UserOrderInput,
    after: UserKey | null,
    filter?: UserFilterInput | null,
    parts: UserParts = ALL_PARTS,
  ): Promise<UserPage> {
    const params: Params = { tenantId, limit: first + 1 };
    const where = [...filterClause(filter, params), ...afterClause(order, after, params)];
    const { expr } = ORDER_KEYS[order.field];
    const tieBreak = order.field === 'EMAIL' ? '' : ', u.email ASC';
    // tenantId and current are fixed, so leading with them changes nothing but lets the (tenantId, current, email)
    // index supply the order: the page stops after `first + 1` matches.
    const lead = order.field === 'EMAIL' ? `u.tenantId ${order.direction}, u.current ${order.direction}, ` : '';
    const head = await this.readFrom(tenantId, filter, first + 1);
    // The sort key travels as a string that converts back exactly (nanosecond datetimes too).
    const [result] = await this.graph.read<Parameters<typeof toUsers>[0] & object>(
      `${head} WHERE ${where.join(' AND ')}
       WITH u ORDER BY ${lead}${expr} ${order.direction}${tieBreak} LIMIT toInteger($limit)
       WITH u, toString(${expr}) AS key
       ${usersWithAccounts(parts)}`,
      params,
    );
    const { users, keys } = toUsers(result);
    const countParams: Params = { tenantId };
    const countWhere = filterClause(filter, countParams);
    // A count visits every match, so one app's members are always counted from the app's own accounts.
    const countHead = filter?.app ? FROM_APP : head;
    return {
      users: users.slice(0, first),
      keys: users.slice(0, first).map((u, i) => ({ value: keys[i]!, email: u.email })),
      hasNextPage: users.length > first,
      totalCount: async () => {
        const [row] = await this.graph.read<{ n: number }>(
          `${countHead} WHERE ${countWhere.join(' AND ')} RETURN count(u) AS n`,
          countParams,
        );
        return row.n;
      },
    };
  }

  /**
   * Where a page starts reading, as a clause binding `u` (the filter's app is in the page's parameters).
   * By default the tenant's Users in the (tenantId, current, email) index's order, stopping after a page of matches:
   * cheap while matches are common. For one app's members that walk passes ~(tenant ÷ app) users per match,
   * so a small app in a large tenant is read from its own accounts instead: when app² ≤ page × tenant, its
   * accounts are fewer than the users the walk would pass. Sizes are relationship degrees (accounts, current
   * and former; the tenant's total stands in for its user count), read in one extra round trip (reused for a minute).
   */
  private async readFrom(tenantId: string, filter: UserFilterInput | null | undefined, pageRows: number): Promise<string> {
    const index = 'MATCH (u:User {tenantId: $tenantId})';
    if (!filter?.app) return index;
    const { app, tenant } = await this.appSizes(tenantId, filter.app.provider, filter.app.id);
    if (app * app > pageRows * tenant) return index;
    return FROM_APP;
  }

  /**
   * The app's accounts and its tenant's, as `readFrom` weighs them. Reused for a minute: they only choose which of
   * two reads with the same answer is cheaper, so a size a sync has since changed costs at most a slower page, and
   * every page of a member list no longer pays a round trip for them (ADR 0010, fourth amendment).
   */
  private async appSizes(tenantId: string, appProvider: string, appId: string): Promise<{ app: number; tenant: number }> {
    const key = `${tenantId}\u0000${appProvider}\u0000${appId}`;
    const known = this.sizes.get(key);
    if (known && Date.now() - known.at < SIZES_TTL_MS) return known;
    const [sizes] = await this.graph.read<{ app: number; tenant: number }>(
      `MATCH (x:SaaSApp {tenantId: $tenantId})
       WITH x, COUNT { (x)<-[:MEMBER_OF|FORMER_MEMBER_OF]-() } AS n
       RETURN sum(CASE WHEN x.provider = $appProvider AND x.id = $appId THEN n ELSE 0 END) AS app, sum(n) AS tenant`,
      { tenantId, appProvider, appId },
    );
    if (this.sizes.size >= MAX_SIZES) this.sizes.clear();
    const read = { app: sizes?.app ?? 0, tenant: sizes?.tenant ?? 0, at: Date.now() };
    this.sizes.set(key, read);
    return read;
  }

  /** The tenant's account with this id (its owner read with every part), or null. */
  async account(tenantId: string, id: string): Promise<AccountRecord | null> {
    const [result] = await this.graph.read<Parameters<typeof toUsers>[0] & object>(
      `MATCH (u:User {tenantId: $tenantId})-[:HAS_ACCOUNT]->(:UserAccount {tenantId: $tenantId, id: $id})
       WITH u, null AS key ${usersWithAccounts(ALL_PARTS)}`,
      { tenantId, id },
    );
    return toUsers(result).users[0]?.accounts.find((a) => a.id === id) ?? null;
  }

  /** The tenant's user owning this normalised address (primary or alias), with current and former accounts, or null. */
  async byEmail(tenantId: string, email: string, parts: UserParts = ALL_PARTS): Promise<UserRecord | null> {
    // Two index seeks: the primary key, then the alias constraint; the primary wins should both exist.
    const [result] = await this.graph.read<Parameters<typeof toUsers>[0] & object>(
      `OPTIONAL MATCH (p:User {tenantId: $tenantId, email: $email})
       OPTIONAL MATCH (:EmailAlias {tenantId: $tenantId, address: $email})<-[:HAS_ALIAS]-(o:User)
       WITH coalesce(p, o) AS u WHERE u IS NOT NULL
       WITH u, null AS key ${usersWithAccounts(parts)}`,
      { tenantId, email },
    );
    return toUsers(result).users[0] ?? null;
  }
}
