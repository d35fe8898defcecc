import type { PagingLimits } from '../connector';
import { type GitHubClient, type RunBounds, toApiError } from './client';
import { GitHubApiError, InstallationGoneError, MalformedResponseError } from './github-errors';
import { nextLink, PageGuard, sleep } from './paging';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Runs one call, GitHub's errors mapped (client.ts keeps the request, and its token, to itself). */
export async function call<T>(bounds: RunBounds, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toApiError(err, bounds);
  }
}

/** The installation as the app sees it (JWT): whose it is, and whether it may still read members. */
export interface Installation {
  id: number;
  accountId: number;
  login: string;
  type: string;
  suspended: boolean;
  membersRead: boolean;
}

/** `GET /app/installations/{id}`; 404 (uninstalled) throws InstallationGoneError. */
export async function getInstallation(app: GitHubClient, bounds: RunBounds, id: number): Promise<Installation> {
  const res = await call(bounds, () => app.request('GET /app/installations/{installation_id}', { installation_id: id })).catch(
    (err: unknown) => {
      if (err instanceof GitHubApiError && err.status === 404) throw new InstallationGoneError('uninstalled');
      throw err;
    },
  );
  const d: unknown = res.data;
  if (!isObject(d) || !isObject(d.account) || typeof d.account.login !== 'string' || typeof d.account.id !== 'number')
    throw new MalformedResponseError('GitHub answered the installation without its account.');
  const permissions = isObject(d.permissions) ? d.permissions : {};
  return {
    id,
    accountId: d.account.id,
    login: d.account.login,
    type: typeof d.account.type === 'string' ? d.account.type : 'unknown',
    suspended: d.suspended_at !== null && d.suspended_at !== undefined,
    membersRead: permissions.members === 'read' || permissions.members === 'write',
  };
}

/** `GET /orgs/{org}`: the organisation's id, login, name and avatar. */
export async function getOrganization(
  inst: GitHubClient,
  bounds: RunBounds,
  login: string,
): Promise<{ id: number; login: string; name: string | null; avatarUrl: string | null }> {
  const res = await call(bounds, () => inst.request('GET /orgs/{org}', { org: login }));
  const d: unknown = res.data;
  if (!isObject(d) || typeof d.id !== 'number' || typeof d.login !== 'string')
    throw new MalformedResponseError('GitHub answered the organisation with a body that is not one.');
  return {
    id: d.id,
    login: d.login,
    name: typeof d.name === 'string' && d.name.trim() ? d.name.trim() : null,
    avatarUrl: typeof d.avatar_url === 'string' ? d.avatar_url : null,
  };
}

/** The members query (sheet §4): 100 a page, role and 2FA on the edge, the verified-domain addresses on the node. */
export const MEMBERS_QUERY = `query($org: String!, $cursor: String) {
  organization(login: $org) {
    membersWithRole(first: 100, after: $cursor) {
      edges { role hasTwoFactorEnabled node { id databaseId login name avatarUrl organizationVerifiedDomainEmails(login: $org) } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
}`;

/** GraphQL's own rate limit (`RATE_LIMIT`, which plugin-throttling does not know): waits for x-ratelimit-reset within the run, three times at most. */
async function graphqlPage(
  inst: GitHubClient,
  bounds: RunBounds,
  org: string,
  cursor: string | null,
  waitUnitMs: number,
): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await inst.graphql(MEMBERS_QUERY, { org, cursor });
    } catch (err) {
      const types = (err as { errors?: { type?: string }[] }).errors?.map((e) => e.type) ?? [];
      if ((err as Error).name === 'GraphqlResponseError') {
        if (types.includes('FORBIDDEN')) throw new InstallationGoneError('no-member-access');
        if (types.includes('NOT_FOUND')) throw new InstallationGoneError('uninstalled');
        if (types.includes('RATE_LIMIT') || types.includes('RATE_LIMITED')) {
          const reset = Number((err as { headers?: Record<string, string> }).headers?.['x-ratelimit-reset']);
          const waitMs = Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) + waitUnitMs : 60 * waitUnitMs;
          if (attempt < 3 && Date.now() + waitMs < bounds.deadline) {
            await sleep(waitMs, bounds.signal);
            continue;
          }
          throw new GitHubApiError(200, 'rate-limited');
        }
      }
      throw toApiError(err, bounds);
    }
  }
}

/** One member as the query gives it (checked by transform.ts). */
export type RawMemberEdge = unknown;

/**
 * Pages through `membersWithRole` (cursor) and yields each page's raw edges. Each page is checked against the run's
 * limits; a page without the organisation or its connection (a cut or empty body) throws, and so does a walk that
 * ends short of the last page's `totalCount` (a page lost), so cleanup never runs on a partial list.
 */
export async function* getMembers(
  inst: GitHubClient,
  bounds: RunBounds,
  org: string,
  limits: PagingLimits,
  waitUnitMs: number,
): AsyncGenerator<RawMemberEdge[]> {
  const guard = new PageGuard(limits, 'member');
  let cursor: string | null = null;
  let listed = 0;
  for (;;) {
    guard.before();
    const data = await graphqlPage(inst, bounds, org, cursor, waitUnitMs);
    const conn = isObject(data) && isObject(data.organization) ? data.organization.membersWithRole : undefined;
    if (!isObject(conn) || !Array.isArray(conn.edges) || !isObject(conn.pageInfo) || typeof conn.totalCount !== 'number')
      throw new MalformedResponseError('GitHub answered the members query with a body that is not the organisation’s members.');
    const more = conn.pageInfo.hasNextPage === true;
    const end = typeof conn.pageInfo.endCursor === 'string' ? conn.pageInfo.endCursor : null;
    if (more && !end) throw new MalformedResponseError('GitHub announced more members without a cursor.');
    guard.after(conn.edges.length, more ? end : null);
    listed += conn.edges.length;
    if (conn.edges.length > 0) yield conn.edges;
    if (!more) {
      if (listed < conn.totalCount)
        throw new MalformedResponseError(
          `GitHub listed ${listed} of the ${conn.totalCount} members it counted: a page was lost; nothing was removed.`,
        );
      return;
    }
    cursor = end;
  }
}

/**
 * Pages through `GET /orgs/{org}/outside_collaborators` (100 a page) following the Link header as given, only on
 * GitHub's own origin (the token goes with it). A page that is not a list (a body cut off: Octokit then resolves
 * `""`) throws rather than being taken for an empty one (sheet §7).
 */
export async function* getOutsideCollaborators(
  inst: GitHubClient,
  bounds: RunBounds,
  org: string,
  apiBaseUrl: string,
  limits: PagingLimits,
): AsyncGenerator<unknown[]> {
  const guard = new PageGuard(limits, 'outside collaborator');
  const origin = new URL(apiBaseUrl).origin;
  let url = `${apiBaseUrl}/orgs/${encodeURIComponent(org)}/outside_collaborators?per_page=100`;
  for (;;) {
    guard.before();
    const res = await call(bounds, () => inst.request(`GET ${url}`));
    if (!Array.isArray(res.data))
      throw new MalformedResponseError('GitHub answered a page of outside collaborators with a body that is not a list.');
    const next = nextLink(res.headers.link);
    if (next !== null && new URL(next).origin !== origin)
      throw new MalformedResponseError('GitHub’s next-page link pointed away from its API; stopped.');
    guard.after(res.data.length, next);
    if (res.data.length > 0) yield res.data as unknown[];
    if (next === null) return;
    url = next;
  }
}
