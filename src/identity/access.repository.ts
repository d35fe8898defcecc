import type { AccountRole, UnmanagedReason } from '../connectors/connector';
import type { Graph, Params } from '../graph/graph';
import { AppError } from '../lib/errors';
import { APP_PROJECTION, toApp } from './app.repository';
import type { AppKey, AppRecord, UserRecord } from './identity.model';
import { GAP_STATUSES } from './offboarding.repository';
import { ALL_PARTS, toUsers, usersWithAccounts } from './user.projection';

/** One current account as the access views show it (ADR 0019), with its app and, when joined, its person. */
export interface AccessAccountRecord {
  id: string;
  provider: string;
  externalId: string;
  login: string | null;
  name: string | null;
  email: string | null;
  role: AccountRole;
  mfaEnabled: boolean | null;
  lastActiveAt: Date | null;
  reason: UnmanagedReason | null;
  firstSeen: Date;
  app: AppRecord;
  /** The person it is joined to; null for an unmanaged account. */
  person: UserRecord | null;
}

/** Where the previous page ended: the list's sort value (a number) and the account id that breaks ties. */
export interface AccessKey {
  k: number;
  id: string;
}

/** One page of a view: its accounts, their keys, and whether more follow. */
export interface AccessPage {
  accounts: AccessAccountRecord[];
  keys: AccessKey[];
  hasNextPage: boolean;
}

/** A view: which current accounts it lists (a condition on `a`, its app `w` and its person `u`) and its sort value `k`. */
interface View {
  where: string[];
  key: string;
  params: Params;
}

const ROLE = "coalesce(a.role, 'UNKNOWN')";

/** The current accounts of the tenant (of one app, by provider and id, when `$appId` is set), each with its app and person. */
const CURRENT = `
  MATCH (a:UserAccount {tenantId: $tenantId})-[:MEMBER_OF]->(w:SaaSApp)
  WHERE ($appId IS NULL OR (w.provider = $appProvider AND w.id = $appId))
  OPTIONAL MATCH (u:User)-[:HAS_ACCOUNT]->(a)`;

const ACCOUNT = `a {.id, .provider, .externalId, .login, .name, .email, role: ${ROLE}, .mfaEnabled, .lastActiveAt,
                  reason: a.unmanagedReason, firstSeen: a.firstSeen.epochMillis}`;

/** The parameters of one app (or none) for `$appProvider`, `$appId`. */
const appParams = (app: AppKey | null) => ({ appProvider: app?.provider ?? null, appId: app?.id ?? null });

type Raw = Omit<AccessAccountRecord, 'firstSeen' | 'lastActiveAt' | 'app' | 'person'> & { firstSeen: number; lastActiveAt: string | null };

/**
 * OWNER and ADMIN accounts (ADR 0019): people no longer ACTIVE first (they still hold the rights), then accounts of
 * no person (nobody can say whose), then the rest; `mfaEnabled` narrows to accounts with that MFA fact.
 */
export function privilegedView(mfaEnabled: boolean | null | undefined): View {
  const where = [`${ROLE} IN ['OWNER', 'ADMIN']`];
  if (typeof mfaEnabled === 'boolean') where.push('a.mfaEnabled = $mfaEnabled');
  return {
    where,
    key: 'CASE WHEN u IS NULL THEN 1 WHEN u.employmentStatus IN $gapStatuses THEN 0 ELSE 2 END',
    params: { mfaEnabled: mfaEnabled ?? null, gapStatuses: GAP_STATUSES },
  };
}

/** Accounts joined to no person, the longest known first. */
export const unmanagedView = (): View => ({ where: ['u IS NULL'], key: 'a.firstSeen.epochMillis', params: {} });

/** The most days `inactiveAccounts` looks back: a hundred years. */
export const MAX_INACTIVE_DAYS = 36_500;

/**
 * Accounts whose last activity is more than `days` ago (`now` in epoch ms), the oldest first; accounts without
 * activity are not listed. `days` outside 1 to MAX_INACTIVE_DAYS is BAD_USER_INPUT (DAYS_OUT_OF_RANGE).
 */
export function inactiveView(days: number, now = Date.now()): View {
  if (!Number.isInteger(days) || days < 1 || days > MAX_INACTIVE_DAYS) {
    throw new AppError(
      'BAD_USER_INPUT',
      'DAYS_OUT_OF_RANGE',
      `\`days\` must be a whole number from 1 to ${MAX_INACTIVE_DAYS}; got ${days}.`,
    );
  }
  return {
    where: ['a.lastActiveAt IS NOT NULL', 'datetime(a.lastActiveAt) < datetime($before)'],
    key: 'datetime(a.lastActiveAt).epochMillis',
    params: { before: new Date(now - days * 86_400_000).toISOString() },
  };
}

/** A cursor's key as the views write it (`[k, id]` in JSON), or null when it is not one. */
export function parseAccessKey(key: string): AccessKey | null {
  try {
    const v: unknown = JSON.parse(key);
    return Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'string' ? { k: v[0], id: v[1] } : null;
  } catch {
    return null;
  }
}

/** The cursor key of an account of a page. */
export const accessKeyText = (key: AccessKey): string => JSON.stringify([key.k, key.id]);

/** The access views' reads (privileged, unmanaged, inactive accounts), always inside one tenant. */
export class AccessRepository {
  constructor(private readonly graph: Graph) {}

  /** One page of a view after a cursor's key, for the tenant or one of its apps (ADR 0020: by provider and id). */
  async page(tenantId: string, view: View, app: AppKey | null, first: number, after: AccessKey | null): Promise<AccessPage> {
    const rows = await this.graph.read<{ a: Raw; w: AppRecord; person: string | null; k: number }>(
      `${CURRENT}
       WITH a, w, u WHERE ${view.where.join(' AND ')}
       WITH a, w, u, ${view.key} AS k
       WHERE $after IS NULL OR k > $after.k OR (k = $after.k AND a.id > $after.id)
       WITH a, w, u, k ORDER BY k, a.id LIMIT toInteger($limit)
       RETURN ${ACCOUNT} AS a, ${APP_PROJECTION} AS w, u.email AS person, k`,
      { ...view.params, tenantId, ...appParams(app), after, limit: first + 1 },
    );
    const page = rows.slice(0, first);
    const people = await this.people(
      tenantId,
      page.flatMap((r) => (r.person ? [r.person] : [])),
    );
    return {
      accounts: page.map((r) => ({
        ...r.a,
        firstSeen: new Date(r.a.firstSeen),
        lastActiveAt: r.a.lastActiveAt ? new Date(r.a.lastActiveAt) : null,
        app: toApp(r.w),
        person: r.person ? (people.get(r.person) ?? null) : null,
      })),
      keys: page.map((r) => ({ k: r.k, id: r.a.id })),
      hasNextPage: rows.length > first,
    };
  }

  /** How many accounts a view lists, over all pages. */
  async count(tenantId: string, view: View, app: AppKey | null): Promise<number> {
    const [row] = await this.graph.read<{ n: number }>(`${CURRENT} WITH a, w, u WHERE ${view.where.join(' AND ')} RETURN count(a) AS n`, {
      ...view.params,
      tenantId,
      ...appParams(app),
    });
    return row?.n ?? 0;
  }

  /**
   * The tenant's apps (or the one) with current accounts none of which carries an activity time: the inactive view
   * cannot judge them. At most `limit`, by name.
   */
  async appsWithoutActivity(tenantId: string, app: AppKey | null, limit: number): Promise<AppRecord[]> {
    const rows = await this.graph.read<{ w: AppRecord }>(
      `MATCH (w:SaaSApp {tenantId: $tenantId}) WHERE ($appId IS NULL OR (w.provider = $appProvider AND w.id = $appId))
         AND EXISTS { (w)<-[:MEMBER_OF]-(:UserAccount) }
         AND NOT EXISTS { MATCH (w)<-[:MEMBER_OF]-(a:UserAccount) WHERE a.lastActiveAt IS NOT NULL }
       RETURN ${APP_PROJECTION} AS w ORDER BY toLower(coalesce(w.name, '')), w.provider, w.id LIMIT toInteger($limit)`,
      { tenantId, ...appParams(app), limit },
    );
    return rows.map((r) => toApp(r.w));
  }

  /** The page's people, read whole (employment and accounts) in one round trip. */
  private async people(tenantId: string, emails: string[]): Promise<Map<string, UserRecord>> {
    if (emails.length === 0) return new Map();
    const [result] = await this.graph.read<Parameters<typeof toUsers>[0] & object>(
      `UNWIND $emails AS email
       MATCH (u:User {tenantId: $tenantId, email: email})
       WITH u, null AS key ${usersWithAccounts(ALL_PARTS)}`,
      { tenantId, emails: [...new Set(emails)] },
    );
    return new Map(toUsers(result).users.map((u) => [u.email, u]));
  }
}
