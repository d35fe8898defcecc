import { graphError, json, type Reply, type Req } from './http';
import { GLOBAL_ADMIN_TEMPLATE, type EntraTenant } from './state';
import type { AccessGrant } from './tokens';
import { selected } from './users';

/** How a fault bends a listing: a nextLink that points back (a loop). */
export type ListFault = { kind: 'loop' } | null;

/** Delta pages hold at most 200 users whatever `$top` says (sheet §4). */
export const DELTA_PAGE = 200;

const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const decode = <T>(token: string): T | null => {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    return null;
  }
};

const denied = () => graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
const needs = (g: AccessGrant, ...any: string[]) => any.some((p) => g.roles.includes(p) || g.roles.includes('Directory.Read.All'));

/** Graph's `/v1.0` routes the connector reads, for one tenant's app-only token. */
export class GraphRoutes {
  constructor(private readonly base: () => string) {}

  /** GET /v1.0/organization: one entry, the tenant. */
  organization(g: AccessGrant, t: EntraTenant): Reply {
    if (!needs(g, 'Organization.Read.All')) return denied();
    const verifiedDomains = t.domains
      .filter((d) => d.isVerified)
      .map((d) => ({
        capabilities: 'Email, OfficeCommunicationsOnline',
        isDefault: d.isDefault,
        isInitial: d.isInitial,
        name: d.id,
        type: 'Managed',
      }));
    return json(200, {
      '@odata.context': `${this.base()}/v1.0/$metadata#organization`,
      value: [{ id: t.id, displayName: t.displayName, tenantType: 'AAD', verifiedDomains }],
    });
  }

  /** GET /v1.0/domains: every domain, verified or not, no paging. */
  domains(g: AccessGrant, t: EntraTenant): Reply {
    if (!needs(g, 'Domain.Read.All')) return denied();
    const value = t.domains.map((d) => ({
      authenticationType: 'Managed',
      id: d.id,
      isAdminManaged: true,
      isDefault: d.isDefault,
      isInitial: d.isInitial,
      isRoot: true,
      isVerified: d.isVerified,
      supportedServices: d.isVerified ? ['Email', 'OfficeCommunicationsOnline'] : [],
    }));
    return json(200, { '@odata.context': `${this.base()}/v1.0/$metadata#domains`, value });
  }

  /** GET /v1.0/users with `$select`, `$top` (1–999, default 100) and `$skiptoken` in the nextLink. */
  users(req: Req, g: AccessGrant, t: EntraTenant, fault: ListFault = null): Reply {
    if (!needs(g, 'User.Read.All')) return denied();
    const fields = selectOf(req);
    const bad = this.signInCheck(fields, g, t);
    if (bad) return bad;
    const top = req.query.has('$top') ? Number(req.query.get('$top')) : 100;
    if (!Number.isInteger(top) || top < 1 || top > 999)
      return graphError(
        400,
        'Request_UnsupportedQuery',
        `Invalid page size specified: '${req.query.get('$top')}'. Must be between 1 and 999 inclusive.`,
      );
    const skip = req.query.get('$skiptoken');
    const start = skip ? (decode<{ p: number }>(skip)?.p ?? NaN) : 0;
    if (!Number.isInteger(start) || start < 0 || start > t.users.length)
      return graphError(400, 'Directory_InvalidSkipToken', 'The specified page token value has expired or is invalid.');
    const end = Math.min(start + top, t.users.length);
    const nextAt = fault?.kind === 'loop' && end >= t.users.length ? Math.min(top, t.users.length) : end < t.users.length ? end : null;
    const link = (p: number) => this.link('/v1.0/users', req, { $skiptoken: encode({ p }) });
    return json(200, {
      '@odata.context': `${this.base()}/v1.0/$metadata#users(${(fields ?? []).join(',')})`,
      ...(nextAt !== null ? { '@odata.nextLink': link(nextAt) } : {}),
      value: t.users.slice(start, end).map((u) => selected(u, fields)),
    });
  }

  /**
   * GET /v1.0/users/delta (sheet §4): a first round lists everyone (200 a page), then a deltaLink; following it
   * lists users changed since and `@removed` ones. `$deltatoken=latest` answers only a deltaLink for now. A token
   * older than the tenant's floor is expired: 410 with `Location`, as Graph asks for a full resync.
   */
  delta(req: Req, g: AccessGrant, t: EntraTenant): Reply {
    if (!needs(g, 'User.Read.All')) return denied();
    const fields = selectOf(req);
    const bad = this.signInCheck(fields, g, t);
    if (bad) return bad;
    const deltaToken = req.query.get('$deltatoken');
    const skip = req.query.get('$skiptoken');
    const deltaLink = (v: number) => this.link('/v1.0/users/delta', req, { $deltatoken: encode({ v }) });
    if (deltaToken === 'latest') return json(200, { '@odata.context': this.ctx(), '@odata.deltaLink': deltaLink(t.version), value: [] });
    // A round: the versions after `from`, listed up to `to` (taken when the round began); position `p`.
    let round: { from: number; to: number; p: number } | null;
    if (skip) round = decode(skip);
    else if (deltaToken) {
      const v = decode<{ v: number }>(deltaToken)?.v;
      round = typeof v === 'number' ? { from: v, to: t.version, p: 0 } : null;
    } else round = { from: -1, to: t.version, p: 0 };
    if (!round || typeof round.from !== 'number' || typeof round.p !== 'number')
      return graphError(400, 'Request_BadRequest', 'The delta or skip token is invalid.');
    if (round.from >= 0 && round.from < t.deltaFloor) {
      return graphError(410, 'resyncRequired', 'Resync required. Replace any local cached data with the data from the full sync.', {
        location: this.link('/v1.0/users/delta', req, {}),
      });
    }
    const changed =
      round.from < 0
        ? t.users.map((u) => selected(u, fields))
        : [
            ...t.users.filter((u) => (t.versions.get(u.id) ?? 0) > round.from).map((u) => selected(u, fields)),
            ...t.tombstones.filter((x) => x.version > round.from).map((x) => ({ id: x.id, '@removed': { reason: 'deleted' } })),
          ];
    const end = Math.min(round.p + DELTA_PAGE, changed.length);
    const more = end < changed.length;
    return json(200, {
      '@odata.context': this.ctx(),
      ...(more ? { '@odata.nextLink': this.link('/v1.0/users/delta', req, { $skiptoken: encode({ ...round, p: end }) }) } : {}),
      ...(more ? {} : { '@odata.deltaLink': deltaLink(round.to) }),
      value: changed.slice(round.p, end),
    });
  }

  /** GET /v1.0/directoryRoles: the activated roles (Global Administrator always is). */
  directoryRoles(g: AccessGrant, t: EntraTenant): Reply {
    if (!needs(g, 'RoleManagement.Read.Directory')) return denied();
    return json(200, {
      '@odata.context': `${this.base()}/v1.0/$metadata#directoryRoles`,
      value: [
        {
          id: roleId(t),
          deletedDateTime: null,
          description: 'Can manage all aspects of Microsoft Entra ID.',
          displayName: 'Global Administrator',
          roleTemplateId: GLOBAL_ADMIN_TEMPLATE,
        },
      ],
    });
  }

  /** GET /v1.0/directoryRoles/{id}/members or /directoryRoles(roleTemplateId='…')/members: users, 100 a page. */
  roleMembers(req: Req, g: AccessGrant, t: EntraTenant, role: string): Reply {
    if (!needs(g, 'RoleManagement.Read.Directory')) return denied();
    if (role !== roleId(t) && role !== `(roleTemplateId='${GLOBAL_ADMIN_TEMPLATE}')`)
      return graphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${role}' does not exist or one of its queried reference-property objects are not present.`,
      );
    const members = t.users.filter((u) => t.globalAdmins.has(u.id));
    const skip = req.query.get('$skiptoken');
    const start = skip ? (decode<{ p: number }>(skip)?.p ?? 0) : 0;
    const end = Math.min(start + 100, members.length);
    return json(200, {
      '@odata.context': `${this.base()}/v1.0/$metadata#directoryObjects`,
      ...(end < members.length ? { '@odata.nextLink': this.link(req.path, req, { $skiptoken: encode({ p: end }) }) } : {}),
      value: members
        .slice(start, end)
        .map((u) => ({ '@odata.type': '#microsoft.graph.user', id: u.id, userPrincipalName: u.userPrincipalName })),
    });
  }

  private signInCheck(fields: string[] | null, g: AccessGrant, t: EntraTenant): Reply | null {
    if (!fields?.includes('signInActivity')) return null;
    if (!g.roles.includes('AuditLog.Read.All')) return denied();
    if (!t.premium)
      return graphError(
        403,
        'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
        "Neither tenant is B2C or tenant doesn't have premium license",
      );
    return null;
  }

  private ctx() {
    return `${this.base()}/v1.0/$metadata#users`;
  }

  /** An absolute link (Graph's are, with `$` left unescaped in the names), keeping `$select` and `$top`. */
  private link(path: string, req: Req, extra: Record<string, string>): string {
    const q = new Map<string, string>();
    for (const k of ['$select', '$top']) if (req.query.has(k)) q.set(k, req.query.get(k) ?? '');
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return `${this.base()}${path}?${[...q].map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ',')}`).join('&')}`;
  }
}

const roleId = (t: EntraTenant) => `${t.id.slice(0, 8)}-role-4000-a000-000000000001`;

function selectOf(req: Req): string[] | null {
  const s = req.query.get('$select');
  return s
    ? s
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean)
    : null;
}
