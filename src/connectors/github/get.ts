import { type GitHubClient, type RunBounds, toApiError } from './client';
import { GitHubApiError, InstallationGoneError, MalformedResponseError } from './github-errors';
import { nextLink, sleep } from './paging';

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

/** One page of `membersWithRole`: its raw edges, the next cursor (null: the last page) and GitHub's count. */
export interface MembersPage {
  edges: unknown[];
  next: string | null;
  totalCount: number;
}

/**
 * One page of `membersWithRole` after `cursor`. A body without the organisation or its connection (a cut or empty
 * body: `graphql` then resolves `undefined`, sheet §7) throws, so cleanup never runs on a partial list.
 */
export async function getMembersPage(
  inst: GitHubClient,
  bounds: RunBounds,
  org: string,
  cursor: string | null,
  waitUnitMs: number,
): Promise<MembersPage> {
  const data = await graphqlPage(inst, bounds, org, cursor, waitUnitMs);
  const conn = isObject(data) && isObject(data.organization) ? data.organization.membersWithRole : undefined;
  if (!isObject(conn) || !Array.isArray(conn.edges) || !isObject(conn.pageInfo) || typeof conn.totalCount !== 'number')
    throw new MalformedResponseError('GitHub answered the members query with a body that is not the organisation’s members.');
  const more = conn.pageInfo.hasNextPage === true;
  const end = typeof conn.pageInfo.endCursor === 'string' ? conn.pageInfo.endCursor : null;
  if (more && !end) throw new MalformedResponseError('GitHub announced more members without a cursor.');
  return { edges: conn.edges, next: more ? end : null, totalCount: conn.totalCount };
}

/** The first page of `GET /orgs/{org}/outside_collaborators`, 100 a page. */
export const firstCollaboratorsUrl = (apiBaseUrl: string, org: string) =>
  `${apiBaseUrl}/orgs/${encodeURIComponent(org)}/outside_collaborators?per_page=100`;

/**
 * One page of outside collaborators at `url`, and the Link header's next URL as given, only on GitHub's own origin
 * (the token goes with it). A page that is not a list (a body cut off: Octokit then resolves `""`) throws rather
 * than being taken for an empty one, as `paginate` would (sheet §7).
 */
export async function getCollaboratorsPage(
  inst: GitHubClient,
  bounds: RunBounds,
  url: string,
  apiBaseUrl: string,
): Promise<{ users: unknown[]; next: string | null }> {
  const origin = new URL(apiBaseUrl).origin;
  if (new URL(url).origin !== origin) throw new MalformedResponseError('GitHub’s next-page link pointed away from its API; stopped.');
  const res = await call(bounds, () => inst.request(`GET ${url}`));
  if (!Array.isArray(res.data))
    throw new MalformedResponseError('GitHub answered a page of outside collaborators with a body that is not a list.');
  const next = nextLink(res.headers.link);
  if (next !== null && new URL(next).origin !== origin)
    throw new MalformedResponseError('GitHub’s next-page link pointed away from its API; stopped.');
  return { users: res.data as unknown[], next };
}
