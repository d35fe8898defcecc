import type { Graph, Params } from '../graph/graph';
import type { AccountRecord, EmploymentStatus, UserRecord } from './identity.model';
import { toUsers, USERS_WITH_ACCOUNTS } from './user.projection';

/** The statuses of people who should no longer hold access. */
export const GAP_STATUSES: EmploymentStatus[] = ['SUSPENDED', 'ARCHIVED', 'DELETED', 'NOT_IN_DIRECTORY'];

/** One person who left (or never was in) the directory and still holds accounts elsewhere. */
export interface OffboardingGapRecord {
  user: UserRecord;
  status: EmploymentStatus;
  since: Date;
  /** Their current accounts in apps other than the directory. */
  accounts: AccountRecord[];
}

/** Where the previous page ended: the status's moment (as Neo4j prints it) and the email that breaks ties. */
export interface GapKey {
  since: string;
  email: string;
}

/**
 * The gap: people with a leaver's status and a current account in a non-directory app. Seeks the
 * (tenantId, employmentStatus) index per status; the oldest gaps come first.
 */
const GAPS = `
  MATCH (u:User {tenantId: $tenantId}) WHERE u.employmentStatus IN $statuses AND u.employmentSince IS NOT NULL
    AND EXISTS { MATCH (u)-[:HAS_ACCOUNT]->(:UserAccount)-[:MEMBER_OF]->(w:SaaSApp) WHERE coalesce(w.directory, false) = false }`;

const AFTER = ' AND (u.employmentSince > datetime($since) OR (u.employmentSince = datetime($since) AND u.email > $email))';

/** Reads of the offboarding view, always inside one tenant. */
export class OffboardingRepository {
  constructor(private readonly graph: Graph) {}

  /** One page of gaps after a cursor's key, oldest status first. */
  async page(
    tenantId: string,
    first: number,
    after: GapKey | null,
  ): Promise<{ gaps: OffboardingGapRecord[]; keys: GapKey[]; hasNextPage: boolean }> {
    const params: Params = { tenantId, statuses: GAP_STATUSES, limit: first + 1, ...after };
    const [result] = await this.graph.read<Parameters<typeof toUsers>[0] & object>(
      `${GAPS}${after ? AFTER : ''}
       WITH u ORDER BY u.employmentSince ASC, u.email ASC LIMIT toInteger($limit)
       WITH u, toString(u.employmentSince) AS key
       ${USERS_WITH_ACCOUNTS}`,
      params,
    );
    const { users, keys } = toUsers(result);
    const gaps = users.slice(0, first).map((user) => ({
      user,
      status: user.employment.status,
      since: user.employment.since!,
      accounts: user.accounts.filter((a) => a.removedAt === null && !a.app.directory),
    }));
    return { gaps, keys: gaps.map((g, i) => ({ since: keys[i]!, email: g.user.email })), hasNextPage: users.length > first };
  }

  /** How many gaps there are, over all pages. */
  async count(tenantId: string): Promise<number> {
    const [row] = await this.graph.read<{ n: number }>(`${GAPS} RETURN count(u) AS n`, { tenantId, statuses: GAP_STATUSES });
    return row?.n ?? 0;
  }
}
