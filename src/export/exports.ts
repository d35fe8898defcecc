import {
  type AccessAccountRecord,
  type AccessKey,
  type AccessRepository,
  inactiveView,
  privilegedView,
  unmanagedView,
} from '../identity/access.repository';
import type { AppRepository } from '../identity/app.repository';
import type { GapKey, OffboardingRepository } from '../identity/offboarding.repository';
import type { UserRepository } from '../identity/user.repository';
import type { AppKey, EmploymentStatus, UserFilterInput, UserKey, UserOrderInput } from '../identity/identity.model';
import { appFilterOf, appOfArg } from '../graphql/app-arg';
import { globalIdOf } from '../graphql/global-id';
import { notFound } from '../lib/errors';
import type { TenantRepository } from '../tenants/tenant.repository';
import { type ExportQuery, ExportInputError } from './export-query';

/** What an export reads with: the repositories, scoped to the caller's tenant by every call. */
export interface ExportSources {
  users: UserRepository;
  offboarding: OffboardingRepository;
  tenants: TenantRepository;
  access: AccessRepository;
  apps: AppRepository;
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

/** A repository's pages after one another, each mapped to rows: the one loop every export runs. */
async function* paged<K, P extends { hasNextPage: boolean; keys: K[] }>(
  read: (after: K | null) => Promise<P>,
  rows: (page: P) => Record<string, unknown>[],
): AsyncIterable<Record<string, unknown>[]> {
  for (let after: K | null = null; ;) {
    const page = await read(after);
    yield rows(page);
    if (!page.hasNextPage) return;
    after = page.keys.at(-1)!;
  }
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
    yield* paged(
      (after: UserKey | null) => users.page(tenantId, pageSize, order, after, filter, parts),
      (page) =>
        page.users.map((u) => ({
          id: globalIdOf('User', u),
          email: u.email,
          name: u.name,
          employmentStatus: u.employment.status,
          employmentSince: u.employment.since,
          firstSeen: u.firstSeen,
          apps: appsOf(u.accounts),
        })),
    );
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
    yield* paged(
      (after: GapKey | null) => offboarding.page(tenantId, pageSize, after),
      (page) =>
        page.gaps.flatMap((g) =>
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
        ),
    );
  },
};

/** The columns every account view exports (ADR 0019), before its own. */
const ACCOUNT_COLUMNS = [
  { key: 'accountId', header: 'account_id' },
  { key: 'provider', header: 'provider' },
  { key: 'app', header: 'app' },
  { key: 'appId', header: 'app_id' },
  { key: 'login', header: 'login' },
  { key: 'name', header: 'name' },
  { key: 'email', header: 'email' },
  { key: 'role', header: 'role' },
  { key: 'mfaEnabled', header: 'mfa_enabled' },
  { key: 'lastActiveAt', header: 'last_active_at' },
  { key: 'firstSeen', header: 'first_seen' },
] as const;

/** An account of a view as a row: every column any view exports (each export picks its own). */
const accountRow = (a: AccessAccountRecord): Record<string, unknown> => ({
  accountId: a.id,
  provider: a.provider,
  app: a.app.name,
  appId: globalIdOf('Workspace', a.app),
  login: a.login,
  name: a.name,
  email: a.email,
  role: a.role,
  mfaEnabled: a.mfaEnabled,
  lastActiveAt: a.lastActiveAt,
  firstSeen: a.firstSeen,
  reason: a.reason,
  personEmail: a.person?.email ?? null,
  employmentStatus: a.person?.employment.status ?? null,
  employmentSince: a.person?.employment.since ?? null,
});

/** `appId` as the GraphQL argument reads it: an app of the caller's tenant (global or raw id, ADR 0020), or NOT_FOUND. */
async function appIdOf(apps: AppRepository, tenantId: string, q: ExportQuery): Promise<AppKey | null> {
  const given = q.string('appId');
  if (given === null) return null;
  const app = await appOfArg(apps, tenantId, given);
  if (!app) throw notFound('app', given);
  return { provider: app.provider, id: app.id };
}

/** An account view's export: the shared columns and its own, `appId` and its own parameters, the view from the query. */
function accountExport(
  own: { key: string; header: string }[],
  params: string[],
  view: (q: ExportQuery) => Parameters<AccessRepository['page']>[1],
): ExportDefinition {
  return {
    columns: [...ACCOUNT_COLUMNS, ...own],
    params: ['appId', ...params],
    auditParams: params,
    async *pages({ access, apps }, tenantId, q, pageSize) {
      const app = await appIdOf(apps, tenantId, q);
      const v = view(q);
      yield* paged(
        (after: AccessKey | null) => access.page(tenantId, v, app, pageSize, after),
        (page) => page.accounts.map(accountRow),
      );
    },
  };
}

/** `days` of inactive-accounts.csv: required, a whole number (its range is the view's). */
function days(q: ExportQuery): number {
  const v = q.string('days');
  if (v === null || !/^\d{1,9}$/.test(v))
    throw new ExportInputError('INVALID_FILTER', `\`days\` is required: a whole number of days; got "${v ?? ''}".`);
  return Number(v);
}

const PERSON_COLUMNS = [
  { key: 'personEmail', header: 'person_email' },
  { key: 'employmentStatus', header: 'employment_status' },
];

/** OWNER and ADMIN accounts, people no longer ACTIVE first, as privilegedAccounts lists them. */
const PRIVILEGED_ACCOUNTS = accountExport(
  [...PERSON_COLUMNS, { key: 'employmentSince', header: 'employment_since' }],
  ['mfaEnabled'],
  (q) => privilegedView(q.boolean('mfaEnabled')),
);

/** Accounts joined to no person, with why, as unmanagedAccounts lists them. */
const UNMANAGED_ACCOUNTS = accountExport([{ key: 'reason', header: 'reason' }], [], () => unmanagedView());

/** Accounts unused for `days`, oldest first, as inactiveAccounts lists them. */
const INACTIVE_ACCOUNTS = accountExport(PERSON_COLUMNS, ['days'], (q) => inactiveView(days(q)));

/** The exports by path name (`/export/<name>.csv`). */
export const EXPORTS: Record<string, ExportDefinition> = {
  users: USERS,
  'offboarding-gaps': OFFBOARDING_GAPS,
  'privileged-accounts': PRIVILEGED_ACCOUNTS,
  'unmanaged-accounts': UNMANAGED_ACCOUNTS,
  'inactive-accounts': INACTIVE_ACCOUNTS,
};
