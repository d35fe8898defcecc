import { json, type Reply, type Req, restError } from './http';
import type { GitHubInstallation, GitHubOrg, GitHubUser, World } from './state';

/** List faults the API routes apply themselves (the others are the server's). */
export type PageFault = { kind: 'empty-page' } | { kind: 'loop' } | { kind: 'shrink'; keep: number };

/** An opaque cursor to an offset; `nonce` makes a different cursor to the same position (the empty-page fault). */
const cursorOf = (offset: number, nonce = '') => Buffer.from(`cursor:v2:${offset}${nonce ? `:${nonce}` : ''}`).toString('base64');
const offsetOf = (cursor: unknown): number => {
  if (typeof cursor !== 'string') return 0;
  const m = /^cursor:v2:(\d+)(:\w+)?$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return m ? Number(m[1]) : -1;
};

const installationJson = (org: GitHubOrg, i: GitHubInstallation, slug: string, appId: string) => ({
  id: i.id,
  account: {
    login: org.login,
    id: org.id,
    node_id: `O_${org.id}`,
    type: 'Organization',
    avatar_url: `https://avatars.example/u/${org.id}`,
  },
  repository_selection: 'all',
  target_type: 'Organization',
  target_id: org.id,
  app_id: Number(appId),
  app_slug: slug,
  permissions: i.permissions,
  events: [],
  created_at: '2026-01-05T10:00:00Z',
  updated_at: '2026-01-05T10:00:00Z',
  suspended_at: i.suspendedAt,
  suspended_by: i.suspendedAt ? { login: 'an-owner' } : null,
});

const simpleUser = (u: GitHubUser) => ({
  login: u.login,
  id: u.id,
  node_id: `U_${u.id}`,
  avatar_url: `https://avatars.example/u/${u.id}`,
  type: 'User',
  site_admin: false,
});

/** The REST and GraphQL routes of the API host (sheet §3–5). */
export class ApiRoutes {
  constructor(
    private readonly world: World,
    private readonly slug: string,
    private readonly appId: string,
    private readonly base: () => string,
  ) {}

  installation(id: number): Reply {
    const found = this.world.installation(id);
    if (!found || found.installation.removed) return restError(404, 'Not Found');
    return { ...json(200, installationJson(found.org, found.installation, this.slug, this.appId)), org: found.org.login };
  }

  userInstallations(userId: number): Reply {
    const list = this.world.installationsOf(userId).map((i) => installationJson(this.world.org(i.orgLogin), i, this.slug, this.appId));
    return json(200, { total_count: list.length, installations: list });
  }

  organization(org: GitHubOrg): Reply {
    return {
      ...json(200, {
        login: org.login,
        id: org.id,
        node_id: `O_${org.id}`,
        name: org.name,
        avatar_url: `https://avatars.example/u/${org.id}`,
        type: 'Organization',
      }),
      org: org.login,
    };
  }

  /** `GET /orgs/{org}/outside_collaborators`: offset pages, a Link header with absolute URLs on `/organizations/{id}/`. */
  collaborators(req: Req, org: GitHubOrg, fault: PageFault | null): Reply {
    const perPage = Math.min(100, Math.max(1, Number(req.query.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
    let all = org.collaborators.map((id) => this.world.users.get(id)).filter((u): u is GitHubUser => !!u);
    if (fault?.kind === 'shrink') all = all.slice(0, fault.keep);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (p: number, extra = '') =>
      `<${this.base()}/organizations/${org.id}/outside_collaborators?per_page=${perPage}&page=${p}${extra}>`;
    if (fault?.kind === 'empty-page')
      return { ...json(200, [], { link: `${link(page, `&retry=${Date.now()}`)}; rel="next", ${link(last)}; rel="last"` }), org: org.login };
    const items = all.slice((page - 1) * perPage, page * perPage).map(simpleUser);
    const rels: string[] = [];
    if (page < last) rels.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
    else if (fault?.kind === 'loop') rels.push(`${link(1)}; rel="next"`);
    if (page > 1) rels.push(`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`);
    return { ...json(200, items, rels.length ? { link: rels.join(', ') } : undefined), org: org.login };
  }

  /** The members query: `membersWithRole` pages by cursor, 2FA on the edge, verified-domain addresses on the node. */
  members(org: GitHubOrg, variables: Record<string, unknown>, fault: PageFault | null, twoFactorVisible: boolean): Reply {
    const offset = offsetOf(variables.cursor ?? null);
    if (offset < 0)
      return json(200, { data: null, errors: [{ type: 'INVALID_CURSOR_ARGUMENTS', message: '`after` is not a valid cursor.' }] });
    let members = org.members;
    if (fault?.kind === 'shrink') members = members.slice(0, fault.keep);
    const size = 100;
    const slice = fault?.kind === 'empty-page' ? [] : members.slice(offset, offset + size);
    const more = fault?.kind === 'empty-page' || offset + size < members.length || fault?.kind === 'loop';
    const endCursor =
      fault?.kind === 'empty-page'
        ? cursorOf(offset, String(Date.now()))
        : fault?.kind === 'loop' && offset + size >= members.length
          ? cursorOf(0)
          : cursorOf(offset + slice.length);
    const edges = slice.map((m) => {
      const u = this.world.users.get(m.userId) as GitHubUser;
      return {
        role: m.role,
        hasTwoFactorEnabled: twoFactorVisible ? u.twoFactor : null,
        node: {
          id: `U_${u.id}`,
          databaseId: u.id,
          login: u.login,
          name: u.name,
          email: u.publicEmail,
          avatarUrl: `https://avatars.example/u/${u.id}`,
          organizationVerifiedDomainEmails: this.world.verifiedDomainEmails(org, u),
        },
      };
    });
    return {
      ...json(200, {
        data: {
          organization: {
            name: org.name,
            membersWithRole: {
              edges,
              pageInfo: { hasNextPage: more, endCursor: edges.length || more ? endCursor : null },
              totalCount: members.length,
            },
          },
        },
      }),
      org: org.login,
    };
  }
}
