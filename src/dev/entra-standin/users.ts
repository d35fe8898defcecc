import { createHash } from 'node:crypto';

/** A user as Graph's `/v1.0/users` holds it (sheet §3); `signInActivity` only for a tenant with the licence. */
export interface EntraUser {
  id: string;
  displayName: string | null;
  mail: string | null;
  userPrincipalName: string;
  otherMails: string[];
  proxyAddresses: string[];
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  department: string | null;
  jobTitle: string | null;
  employeeType: string | null;
  createdDateTime: string;
  signInActivity: { lastSignInDateTime: string | null; lastNonInteractiveSignInDateTime: string | null } | null;
}

/** What a test or the demo may say about a user; everything else gets a plausible default. */
export type EntraUserSeed = Partial<Omit<EntraUser, 'userPrincipalName'>> & { userPrincipalName: string };

/** A GUID derived from a seed, so a re-seed gives the same ids (Entra's object ids are GUIDs). */
export const guid = (seed: string): string => {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** A complete user from a partial description (one literal: the 50k seed runs this). */
export function makeUser(tenantId: string, seed: EntraUserSeed, index: number): EntraUser {
  const local = seed.userPrincipalName.split('@')[0];
  const user: EntraUser = {
    id: seed.id ?? guid(`${tenantId}:${seed.userPrincipalName}`),
    displayName: local.replace(/[._-]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()),
    mail: seed.userPrincipalName.includes('#EXT#') ? null : seed.userPrincipalName,
    userPrincipalName: seed.userPrincipalName,
    otherMails: [],
    proxyAddresses: [],
    accountEnabled: true,
    userType: seed.userPrincipalName.includes('#EXT#') ? 'Guest' : 'Member',
    department: null,
    jobTitle: null,
    employeeType: null,
    createdDateTime: new Date(Date.UTC(2020, 0, 1) + index * 60_000).toISOString().replace('.000', ''),
    signInActivity: {
      lastSignInDateTime: new Date(Date.UTC(2026, 10, 1) + index * 1000).toISOString().replace('.000', ''),
      lastNonInteractiveSignInDateTime: null,
    },
  };
  return Object.assign(user, seed);
}

/** The user with only the `$select`ed properties (Graph always returns `id`). */
export function selected(u: EntraUser, fields: readonly string[] | null): Record<string, unknown> {
  if (!fields) {
    const { id, displayName, mail, userPrincipalName, jobTitle } = u;
    return { businessPhones: [], displayName, givenName: null, jobTitle, mail, mobilePhone: null, userPrincipalName, id };
  }
  const out: Record<string, unknown> = { id: u.id };
  for (const f of fields) if (f in u) out[f] = u[f as keyof EntraUser];
  return out;
}
