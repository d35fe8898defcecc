import type { OffboardingRepository } from '../identity/offboarding.repository';
import type { UserRepository } from '../identity/user.repository';
import type { AppRepository } from '../identity/app.repository';
import type { EmploymentStatus, UserFilterInput, UserOrderInput } from '../identity/identity.model';
import { appFilterOf } from '../graphql/app-arg';
import { globalIdOf } from '../graphql/global-id';
import type { TenantRepository } from '../tenants/tenant.repository';
import { type ExportQuery, ExportInputError } from './export-query';

/** What an export reads with: the repositories, scoped to the caller's tenant by every call. */
export interface ExportSources {
  users: UserRepository;
  apps: AppRepository;
  offboarding: OffboardingRepository;
  tenants: TenantRepository;
}

/** One export: its columns, and its rows page by page for a tenant and the query's filters. */
export interface ExportDefinition {
  columns: readonly { key: string; header: string }[];
  /** The query parameters it takes (anything else is refused, so a misspelt filter never exports everything). */
  params: readonly string[];
  /** Its Boolean and enum parameters, which the audit event keeps. */
  auditParams: readonly string[];
  pages(sources: ExportSources, tenantId: string, query: ExportQuery, pageSize: number): AsyncIterable<Record<string, unknown>[]>;
}

const appsOf = (accounts: { removedAt: Date | null; app: { name: string | null; id: string } }[]) =>
  accounts
    .filter((a) => a.removedAt === null)
    .map((a) => a.app.name ?? a.app.id)
    .join('; ');

const USERS: ExportDefinition = {
  columns: [
    { key: 'id', header: 'id' },
    { key: 'email', header: 'email' },
    { key: 'name', header: 'name' },
    { key: 'employmentStatus', header: 'employment_status' },
    { key: 'employmentSince', header: 'employment_since' },
    { key: 'firstSeen', header: 'first_seen' },
    { key: 'apps', header: 'current_apps' },
  ],
  params: [
    'emailContains',
    'nameContains',
    'emailDomain',
    'workspaceId',
    'provider',
    'memberOfNoApp',
    'external',
    'employmentStatus',
    'orderBy',
    'direction',
  ],
  auditParams: ['provider', 'memberOfNoApp', 'external', 'employmentStatus', 'orderBy', 'direction'],
  async *pages({ users, apps, tenants }, tenantId, q, pageSize) {
    const filter: UserFilterInput = {
      emailContains: q.string('emailContains'),
      nameContains: q.string('nameContains'),
      emailDomain: q.string('emailDomain'),
      app: await appFilterOf(apps, tenantId, q.string('workspaceId')),
      provider: q.provider('provider'),
      memberOfNoApp: q.boolean('memberOfNoApp'),
      external: q.boolean('external'),
      employmentStatus: q.enums('employmentStatus', EMPLOYMENT_STATUSES) as EmploymentStatus[] | null,
    };
    if (typeof filter.external === 'boolean') {
      const { domains } = await tenants.domains(tenantId);
      if (domains.length === 0) {
        throw new ExportInputError(
          'TENANT_DOMAINS_UNKNOWN',
          "The organisation's email domains are not known yet, so no one can be called external; set them with setTenantDomains.",
        );
      }
      filter.domains = domains;
    }
    const order: UserOrderInput = {
      field: (q.enum('orderBy', ['EMAIL', 'NAME', 'FIRST_SEEN']) ?? 'EMAIL') as UserOrderInput['field'],
      direction: (q.enum('direction', ['ASC', 'DESC']) ?? 'ASC') as UserOrderInput['direction'],
    };
    const parts = { accounts: true, accountFields: ['name'], directory: false };
    for (let after = null as Awaited<ReturnType<UserRepository['page']>>['keys'][number] | null; ;) {
      const page = await users.page(tenantId, pageSize, order, after, filter, parts);
      yield page.users.map((u) => ({
        id: globalIdOf('User', u),
        email: u.email,
        name: u.name,
        employmentStatus: u.employment.status,
        employmentSince: u.employment.since,
        firstSeen: u.firstSeen,
        apps: appsOf(u.accounts),
      }));
      if (!page.hasNextPage) return;
      after = page.keys.at(-1)!;
    }
  },
};

const EMPLOYMENT_STATUSES = ['ACTIVE', 'SUSPENDED', 'ARCHIVED', 'DELETED', 'NOT_IN_DIRECTORY', 'EXTERNAL', 'UNKNOWN'];

/** One row per account a leaver still holds: the evidence an access review keeps. */
const OFFBOARDING_GAPS: ExportDefinition = {
  columns: [
    { key: 'userId', header: 'user_id' },
    { key: 'email', header: 'email' },
    { key: 'name', header: 'name' },
    { key: 'status', header: 'status' },
    { key: 'since', header: 'since' },
    { key: 'provider', header: 'provider' },
    { key: 'app', header: 'app' },
    { key: 'appId', header: 'app_id' },
    { key: 'accountEmail', header: 'account_email' },
    { key: 'accountName', header: 'account_name' },
    { key: 'accountFirstSeen', header: 'account_first_seen' },
  ],
  params: [],
  auditParams: [],
  async *pages({ offboarding }, tenantId, _q, pageSize) {
    for (let after = null as Awaited<ReturnType<OffboardingRepository['page']>>['keys'][number] | null; ;) {
      const page = await offboarding.page(tenantId, pageSize, after);
      yield page.gaps.flatMap((g) =>
        g.accounts.map((a) => ({
          userId: globalIdOf('User', g.user),
          email: g.user.email,
          name: g.user.name,
          status: g.status,
          since: g.since,
          provider: a.provider,
          app: a.app.name,
          appId: globalIdOf('Workspace', a.app),
          accountEmail: a.email,
          accountName: a.name,
          accountFirstSeen: a.firstSeen,
        })),
      );
      if (!page.hasNextPage) return;
      after = page.keys.at(-1)!;
    }
  },
};

/** The exports by path name (`/export/<name>.csv`); privileged, unmanaged and inactive accounts come with issue 21. */
export const EXPORTS: Record<string, ExportDefinition> = {
  users: USERS,
  'offboarding-gaps': OFFBOARDING_GAPS,
};
