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
  const h = createHash('sha256').update(seed).digest();
  return '1' + (h.readBigUInt64BE(0) % 10n ** 20n).toString().padStart(20, '0');
};

const etagOf = (u: Omit<GoogleUser, 'etag'>) => `"${createHash('sha1').update(JSON.stringify(u)).digest('base64url')}"`;

/** Recomputes a user's etag and `emails[]` after a change, as Google would. */
export function refresh(u: GoogleUser): GoogleUser {
  const { etag: _etag, ...rest } = u;
  rest.emails = [
    { address: u.primaryEmail, primary: true },
    ...(u.aliases ?? []).map((address) => ({ address })),
    ...(u.nonEditableAliases ?? []).map((address) => ({ address })),
  ];
  if (rest.aliases?.length === 0) delete rest.aliases;
  if (rest.nonEditableAliases?.length === 0) delete rest.nonEditableAliases;
  return { ...rest, etag: etagOf(rest) };
}

/** What a test or the demo may say about a user; everything else gets a plausible default. */
export type UserSeed = Partial<Omit<GoogleUser, 'name' | 'kind' | 'etag' | 'customerId'>> & { primaryEmail: string; fullName?: string };

/** A complete user of a customer from a partial description. */
export function makeUser(customerId: string, seed: UserSeed, index: number): GoogleUser {
  const local = seed.primaryEmail.split('@')[0];
  const fullName = seed.fullName ?? local.replace(/[._-]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
  const [givenName, ...rest] = fullName.split(' ');
  const { fullName: _f, ...fields } = seed;
  const created = new Date(Date.UTC(2020, 0, 1) + index * 60_000).toISOString();
  return refresh({
    kind: 'admin#directory#user',
    id: numericId(`${customerId}:${seed.primaryEmail}`),
    etag: '',
    name: { givenName, familyName: rest.join(' ') || givenName, fullName },
    isAdmin: false,
    isDelegatedAdmin: false,
    lastLoginTime: new Date(Date.UTC(2026, 10, 1) + index * 1000).toISOString(),
    creationTime: created,
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
    ...fields,
  });
}
