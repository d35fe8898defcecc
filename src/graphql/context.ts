import DataLoader from 'dataloader';
import type { AuditRepository } from '../audit/audit.repository';
import type { AccessRepository } from '../identity/access.repository';
import type { ConnectionRepository } from '../connections/connection.repository';
import { type AppRepository, appKeyOf } from '../identity/app.repository';
import type { AppKey, AppRecord } from '../identity/identity.model';
import type { MembershipChangeRepository } from '../identity/membership-change.repository';
import type { OffboardingRepository } from '../identity/offboarding.repository';
import type { UserRepository } from '../identity/user.repository';
import type { SyncRunRecord } from '../runs/sync-run.model';
import type { SyncRunRepository } from '../runs/sync-run.repository';
import type { ConnectionService } from '../services/connection.service';
import type { TenantDomains, TenantRepository } from '../tenants/tenant.repository';
import type { Caller } from './auth';
import type { Role } from './roles';

/** When a connection's scheduled sync runs next (its own slot; null when the schedule is off), and when a connection counts as stale. */
export interface Freshness {
  nextSyncAt(connection: { tenantId: string; provider: string; workspaceId: string }): Date | null;
  staleAfterMs: number;
}

/** The long-lived services resolvers call. */
export interface Services {
  connectionService: ConnectionService;
  connections: ConnectionRepository;
  runs: SyncRunRepository;
  users: UserRepository;
  offboarding: OffboardingRepository;
  /** The access views (ADR 0019): privileged, unmanaged and inactive accounts. */
  access: AccessRepository;
  apps: AppRepository;
  changes: MembershipChangeRepository;
  tenants: TenantRepository;
  audit: AuditRepository;
  freshness: Freshness;
}

/** Per-request batching so a list of N items costs one round trip per related field, not N. */
export interface Loaders {
  /** Apps by (provider, id): two providers' apps may share an id (ADR 0020). */
  app: DataLoader<AppKey, AppRecord | null, string>;
  memberCount: DataLoader<AppKey, number, string>;
  lastRun: DataLoader<string, SyncRunRecord | null>;
}

/** What every resolver sees: the caller's tenant, who the caller is and may be, and the services, scoped per request. */
export interface Context {
  tenantId: string;
  /** The token's `sub`, or "unknown": who the audit trail names. */
  actor: string;
  roles: Role[];
  services: Services;
  loaders: Loaders;
  /** The tenant's domains, read at most once per request. */
  domains(): Promise<TenantDomains>;
}

/** Builds a request's context for an authenticated caller. */
export function createContext(caller: Caller, services: Services): Context {
  const { tenantId, actor, roles } = caller;
  let domains: Promise<TenantDomains> | null = null;
  return {
    tenantId,
    actor,
    roles,
    services,
    domains: () => (domains ??= services.tenants.domains(tenantId)),
    loaders: {
      app: new DataLoader(
        async (keys) => {
          const found = await services.apps.byKeys(tenantId, keys);
          return keys.map((k) => found.get(appKeyOf(k)) ?? null);
        },
        { cacheKeyFn: appKeyOf },
      ),
      memberCount: new DataLoader(
        async (keys) => {
          const counts = await services.apps.memberCounts(tenantId, keys);
          return keys.map((k) => counts.get(appKeyOf(k)) ?? 0);
        },
        { cacheKeyFn: appKeyOf },
      ),
      lastRun: new DataLoader(async (ids) => {
        const runs = await services.runs.latestFor([...ids]);
        return ids.map((id) => runs.get(id) ?? null);
      }),
    },
  };
}
