import { createHash } from 'node:crypto';

/** A directory user as `users.list` returns it with `projection=basic` (sheet §3); optional fields are omitted when unset. */
export interface GoogleUser {
  kind: 'admin#directory#user';
  id: string;
  etag: string;
  primaryEmail: string;
  name: { givenName: string; familyName: string; fullName: string };
  isAdmin: boolean;
  isDelegatedAdmin: boolean;
  /** Absent for a user who never signed in. */
  lastLoginTime?: string;
  creationTime: string;
  agreedToTerms: boolean;
  suspended: boolean;
  suspensionReason?: string;
  archived: boolean;
  changePasswordAtNextLogin: boolean;
  ipWhitelisted: boolean;
  emails: { address: string; primary?: boolean; type?: string }[];
  aliases?: string[];
  nonEditableAliases?: string[];
  customerId: string;
  orgUnitPath: string;
  isMailboxSetup: boolean;
  isEnrolledIn2Sv: boolean;
  isEnforcedIn2Sv: boolean;
  includeInGlobalAddressList: boolean;
  thumbnailPhotoUrl?: string;
  thumbnailPhotoEtag?: string;
}

/** Google's user ids are 21-digit decimal strings; derived from a seed so a re-seed gives the same ids. */
export const numericId = (seed: string): string => {
  const hex = createHash('sha1').update(seed).digest('hex');
  let id = '1';
  for (let i = 0; i < 20; i++) id += String(parseInt(hex[i], 16) % 10);
  return id;
};

let revision = 0;
/** A new etag on every change; derived from a counter, not the body, so seeding 50k users stays fast. */
const etagOf = (id: string) => `"${Buffer.from(`${id}/${++revision}`).toString('base64url')}"`;

/** Recomputes a user's etag and `emails[]` after a change, as Google would. */
export function refresh(u: GoogleUser): GoogleUser {
  u.emails = [{ address: u.primaryEmail, primary: true }];
  for (const address of [...(u.aliases ?? []), ...(u.nonEditableAliases ?? [])]) u.emails.push({ address });
  if (u.aliases?.length === 0) delete u.aliases;
  if (u.nonEditableAliases?.length === 0) delete u.nonEditableAliases;
  u.etag = etagOf(u.id);
  return u;
}

/** What a test or the demo may say about a user; everything else gets a plausible default. */
export type UserSeed = Partial<Omit<GoogleUser, 'name' | 'kind' | 'etag' | 'customerId'>> & { primaryEmail: string; fullName?: string };

/** A complete user of a customer from a partial description (built in one literal: the 50k seed runs this). */
export function makeUser(customerId: string, seed: UserSeed, index: number): GoogleUser {
  const fullName =
    seed.fullName ??
    seed.primaryEmail
      .split('@')[0]
      .replace(/[._-]+/g, ' ')
      .replace(/\b\w/g, (c) => c.toUpperCase());
  const space = fullName.indexOf(' ');
  const user: GoogleUser = {
    kind: 'admin#directory#user',
    id: seed.id ?? numericId(`${customerId}:${seed.primaryEmail}`),
    etag: '',
    primaryEmail: seed.primaryEmail,
    name: {
      givenName: space > 0 ? fullName.slice(0, space) : fullName,
      familyName: space > 0 ? fullName.slice(space + 1) : fullName,
      fullName,
    },
    isAdmin: false,
    isDelegatedAdmin: false,
    lastLoginTime: new Date(Date.UTC(2026, 10, 1) + index * 1000).toISOString(),
    creationTime: new Date(Date.UTC(2020, 0, 1) + index * 60_000).toISOString(),
    agreedToTerms: true,
    suspended: false,
    archived: false,
    changePasswordAtNextLogin: false,
    ipWhitelisted: false,
    emails: [],
    customerId,
    orgUnitPath: '/',
    isMailboxSetup: true,
    isEnrolledIn2Sv: false,
    isEnforcedIn2Sv: false,
    includeInGlobalAddressList: true,
  };
  Object.assign(user, seed);
  delete (user as { fullName?: string }).fullName;
  return refresh(user);
}
