import type { Graph, Params } from '../graph/graph';
import type { UserFilterInput, UserPage, UserRecord } from './identity.model';

/** Projects a user with its accounts and each account's app, in the same round trip. */
const USER_WITH_ACCOUNTS = `
  CALL (u) {
    OPTIONAL MATCH (u)-[:HAS_ACCOUNT]->(a:UserAccount)-[:MEMBER_OF]->(w:SaaSApp)
    WITH a, w ORDER BY w.name, a.id
    RETURN collect(a {.*, app: w {.*}}) AS accounts
  }
  RETURN u {.email, .firstSeen, accounts: accounts} AS u`;

/** Builds the WHERE conditions of a user filter; values always travel as parameters. */
function filterClause(filter: UserFilterInput | null | undefined, params: Params): string[] {
  const where: string[] = [];
  if (!filter) return where;
  if (filter.emailContains) {
    params.emailContains = filter.emailContains.toLowerCase();
    where.push('u.email CONTAINS $emailContains');
  }
  if (filter.emailDomain) {
    params.emailDomain = '@' + filter.emailDomain.toLowerCase().replace(/^@/, '');
    where.push('u.email ENDS WITH $emailDomain');
  }
  const account: string[] = [];
  if (filter.nameContains) {
    params.nameContains = filter.nameContains.toLowerCase();
    account.push('toLower(a.name) CONTAINS $nameContains');
  }
  if (filter.appId) {
    params.appId = filter.appId;
    account.push('a.appId = $appId');
  }
  if (filter.provider) {
    params.provider = filter.provider;
    account.push('a.provider = $provider');
  }
  if (account.length > 0) where.push(`EXISTS { MATCH (u)-[:HAS_ACCOUNT]->(a:UserAccount) WHERE ${account.join(' AND ')} }`);
  return where;
}

/** Reads of User nodes, always inside one tenant. */
export class UserRepository {
  constructor(private readonly graph: Graph) {}

  /** One page of users ordered by email, after the email in `afterEmail`; count on demand. */
  async page(tenantId: string, first: number, afterEmail: string | null, filter?: UserFilterInput | null): Promise<UserPage> {
    const params: Params = { tenantId, afterEmail, limit: first + 1 };
    const where = ['($afterEmail IS NULL OR u.email > $afterEmail)', ...filterClause(filter, params)];
    const rows = await this.graph.read<{ u: UserRecord }>(
      `MATCH (u:User {tenantId: $tenantId}) WHERE ${where.join(' AND ')}
       WITH u ORDER BY u.email LIMIT toInteger($limit)
       ${USER_WITH_ACCOUNTS}`,
      params,
    );
    const countParams: Params = { tenantId };
    const countWhere = filterClause(filter, countParams);
    return {
      users: rows.slice(0, first).map((r) => r.u),
      hasNextPage: rows.length > first,
      totalCount: async () => {
        const [row] = await this.graph.read<{ n: number }>(
          `MATCH (u:User {tenantId: $tenantId}) ${countWhere.length ? 'WHERE ' + countWhere.join(' AND ') : ''} RETURN count(u) AS n`,
          countParams,
        );
        return row.n;
      },
    };
  }

  /** The tenant's user with this normalised email, with accounts, or null. */
  async byEmail(tenantId: string, email: string): Promise<UserRecord | null> {
    const rows = await this.graph.read<{ u: UserRecord }>(`MATCH (u:User {tenantId: $tenantId, email: $email}) ${USER_WITH_ACCOUNTS}`, {
      tenantId,
      email,
    });
    return rows[0]?.u ?? null;
  }
}
