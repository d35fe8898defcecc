import { randomBytes } from 'node:crypto';
import { type GoogleUser, makeUser, refresh, type UserSeed } from './users';

/** One of a customer's domains, as `domains.list` returns it. */
export interface GoogleDomain {
  domainName: string;
  isPrimary: boolean;
  verified: boolean;
  creationTime: string;
}

/** A Google Workspace customer: its id (`C0…`), domains and directory users (kept in listing order). */
export interface SandboxCustomer {
  id: string;
  name: string;
  domains: GoogleDomain[];
  users: GoogleUser[];
}

export interface SeedOptions {
  id?: string;
  name?: string;
  /** The primary domain; generated addresses use it. */
  domain: string;
  secondaryDomains?: string[];
  /** Generated users: `admin@domain` (a super admin) first, then `user1@domain` … */
  users?: number;
  /** Users described by hand, appended after the generated ones. */
  extra?: UserSeed[];
}

let customers = 0;

/** The customer directory half of the stand-in's memory. */
export class Directory {
  readonly customers = new Map<string, SandboxCustomer>();

  /** Seeds a customer; 50k generated users take well under a second. */
  seed(opts: SeedOptions): SandboxCustomer {
    const n = ++customers;
    const id = opts.id ?? `C0${n.toString(36)}${randomBytes(4).toString('hex')}`;
    const day = '2020-01-01T00:00:00.000Z';
    const domains = [opts.domain, ...(opts.secondaryDomains ?? [])].map((d, i) => ({
      domainName: d,
      isPrimary: i === 0,
      verified: true,
      creationTime: day,
    }));
    const users: GoogleUser[] = [];
    const count = opts.users ?? 0;
    for (let i = 0; i < count; i++) {
      const primaryEmail = i === 0 ? `admin@${opts.domain}` : `user${i}@${opts.domain}`;
      const photo = `https://lh3.googleusercontent.com/a/standin-${i}=s96-c`;
      // Ids from a counter (21 digits like Google's): hashing 50k of them would slow the benchmark's seed.
      const userId = `1${String(n % 1e6).padStart(6, '0')}${String(i).padStart(14, '0')}`;
      users.push(
        makeUser(
          id,
          { id: userId, primaryEmail, fullName: i === 0 ? 'Admin Istrator' : `User ${i}`, isAdmin: i === 0, thumbnailPhotoUrl: photo },
          i,
        ),
      );
    }
    for (const [i, u] of (opts.extra ?? []).entries()) users.push(makeUser(id, u, count + i));
    const customer: SandboxCustomer = { id, name: opts.name ?? opts.domain, domains, users };
    this.customers.set(id, customer);
    return customer;
  }

  customer(id: string): SandboxCustomer {
    const c = this.customers.get(id);
    if (!c) throw new Error(`No sandbox customer ${id}`);
    return c;
  }

  /** A user by id, primary email or alias (as users.get's userKey). */
  user(customerId: string, key: string): GoogleUser {
    const k = key.toLowerCase();
    const u = this.customer(customerId).users.find((x) => x.id === key || x.primaryEmail === k || x.aliases?.includes(k));
    if (!u) throw new Error(`No sandbox user ${key} in ${customerId}`);
    return u;
  }

  /** Changes a user in place (suspend, archive, rename, aliases …) and refreshes its etag. */
  update(customerId: string, key: string, change: (u: GoogleUser) => void): GoogleUser {
    const c = this.customer(customerId);
    const at = c.users.indexOf(this.user(customerId, key));
    const u = structuredClone(c.users[at]);
    change(u);
    c.users[at] = refresh(u);
    return c.users[at];
  }

  /** Adds a user at the end of the listing. */
  add(customerId: string, seed: UserSeed): GoogleUser {
    const c = this.customer(customerId);
    const u = makeUser(customerId, seed, c.users.length);
    c.users.push(u);
    return u;
  }

  /** Deletes a user: it leaves the normal listing (sheet §7). */
  remove(customerId: string, key: string): void {
    const c = this.customer(customerId);
    c.users.splice(c.users.indexOf(this.user(customerId, key)), 1);
  }
}
