import { randomUUID } from 'node:crypto';
import { type EntraUser, type EntraUserSeed, guid, makeUser } from './users';

/** One of a tenant's domains, as `/v1.0/domains` lists it (unverified ones too). */
export interface EntraDomain {
  id: string;
  isDefault: boolean;
  isInitial: boolean;
  isVerified: boolean;
}

/** Application permissions an admin's consent grants the app in a tenant (the `roles` of its app-only tokens). */
export const APP_PERMISSIONS = [
  'User.Read.All',
  'Domain.Read.All',
  'Organization.Read.All',
  'RoleManagement.Read.Directory',
  'AuditLog.Read.All',
] as const;

/** The Global Administrator role's template id (sheet §5). */
export const GLOBAL_ADMIN_TEMPLATE = '62e90394-69f5-4237-9190-012177145e10';

/** A customer's Entra tenant: its directory, whether our app is consented (has a service principal), and its delta log. */
export interface EntraTenant {
  id: string;
  displayName: string;
  domains: EntraDomain[];
  users: EntraUser[];
  /** Object ids of Global Administrators. */
  globalAdmins: Set<string>;
  /** Our app's service principal exists here: an admin consented and nobody removed it. */
  consented: boolean;
  /** What the consent granted; tests withdraw AuditLog.Read.All. */
  permissions: Set<string>;
  /** Entra ID P1/P2: without it `signInActivity` answers 403 even with AuditLog.Read.All. */
  premium: boolean;
  /** Delta: every change gets the next version; deleted users leave a tombstone. */
  version: number;
  versions: Map<string, number>;
  tombstones: { id: string; version: number }[];
  /** Delta tokens older than this version are expired (410). */
  deltaFloor: number;
}

export interface TenantSeed {
  id?: string;
  displayName?: string;
  /** The default (verified) domain; generated addresses use it. */
  domain: string;
  secondaryDomains?: string[];
  unverifiedDomains?: string[];
  /** Generated members: `admin@domain` (a Global Administrator) first, then `user1@domain` … */
  users?: number;
  extra?: (EntraUserSeed & { globalAdmin?: boolean })[];
  /** Consented already (as if an admin had): default false, the consent page grants it. */
  consented?: boolean;
  premium?: boolean;
}

/** The directory half of the stand-in's memory. */
export class Tenants {
  readonly byId = new Map<string, EntraTenant>();

  seed(opts: TenantSeed): EntraTenant {
    const id = opts.id ?? randomUUID();
    const initial = `${opts.domain.split('.')[0].replace(/[^a-z0-9]/gi, '')}${id.slice(0, 4)}.onmicrosoft.com`;
    const domains: EntraDomain[] = [
      { id: opts.domain, isDefault: true, isInitial: false, isVerified: true },
      ...(opts.secondaryDomains ?? []).map((d) => ({ id: d, isDefault: false, isInitial: false, isVerified: true })),
      ...(opts.unverifiedDomains ?? []).map((d) => ({ id: d, isDefault: false, isInitial: false, isVerified: false })),
      { id: initial, isDefault: false, isInitial: true, isVerified: true },
    ];
    const t: EntraTenant = {
      id,
      displayName: opts.displayName ?? opts.domain,
      domains,
      users: [],
      globalAdmins: new Set(),
      consented: opts.consented ?? false,
      permissions: new Set(opts.consented ? APP_PERMISSIONS : []),
      premium: opts.premium ?? true,
      version: 0,
      versions: new Map(),
      tombstones: [],
      deltaFloor: 0,
    };
    this.byId.set(id, t);
    const count = opts.users ?? 0;
    for (let i = 0; i < count; i++) {
      const upn = i === 0 ? `admin@${opts.domain}` : `user${i}@${opts.domain}`;
      // Ids from a counter: hashing 50k of them would slow the benchmark's seed.
      const uid = `${id.slice(0, 8)}-0000-4000-a000-${String(i).padStart(12, '0')}`;
      const u = makeUser(id, { id: uid, userPrincipalName: upn, displayName: i === 0 ? 'Admin Istrator' : `User ${i}` }, i);
      u.proxyAddresses = [`SMTP:${upn}`];
      this.push(t, u);
      if (i === 0) t.globalAdmins.add(u.id);
    }
    for (const seed of opts.extra ?? []) this.add(id, seed);
    return t;
  }

  tenant(id: string): EntraTenant {
    const t = this.byId.get(id);
    if (!t) throw new Error(`No stand-in tenant ${id}`);
    return t;
  }

  /** A user by object id, UPN or mail. */
  user(tenantId: string, key: string): EntraUser {
    const k = key.toLowerCase();
    const u = this.tenant(tenantId).users.find(
      (x) => x.id === key || x.userPrincipalName.toLowerCase() === k || x.mail?.toLowerCase() === k,
    );
    if (!u) throw new Error(`No stand-in user ${key} in ${tenantId}`);
    return u;
  }

  add(tenantId: string, seed: EntraUserSeed & { globalAdmin?: boolean }): EntraUser {
    const t = this.tenant(tenantId);
    const { globalAdmin, ...rest } = seed;
    const u = makeUser(tenantId, rest, t.users.length);
    this.push(t, u);
    if (globalAdmin) t.globalAdmins.add(u.id);
    return u;
  }

  /** Changes a user in place; delta lists it again. */
  update(tenantId: string, key: string, change: (u: EntraUser) => void): EntraUser {
    const t = this.tenant(tenantId);
    const u = this.user(tenantId, key);
    change(u);
    t.versions.set(u.id, ++t.version);
    return u;
  }

  /** Deletes a user: it leaves `/users`, and delta lists it as `@removed`. */
  remove(tenantId: string, key: string): void {
    const t = this.tenant(tenantId);
    const u = this.user(tenantId, key);
    t.users.splice(t.users.indexOf(u), 1);
    t.versions.delete(u.id);
    t.globalAdmins.delete(u.id);
    t.tombstones.push({ id: u.id, version: ++t.version });
  }

  /** Every delta token issued so far answers 410 from now on. */
  expireDeltaTokens(tenantId: string): void {
    const t = this.tenant(tenantId);
    t.deltaFloor = ++t.version;
  }

  private push(t: EntraTenant, u: EntraUser): void {
    t.users.push(u);
    t.versions.set(u.id, ++t.version);
  }
}

export { guid };
