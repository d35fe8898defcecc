import { type Page, PagingError } from '../connector';
import type { EntraGraph } from './client';
import { GraphApiError, MalformedResponseError } from './entra-errors';

/** The Global Administrator role's template id, the same in every tenant (sheet §5). */
export const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';

/** What a user read asks for: Graph's default fields lack accountEnabled and userType (sheet §3). */
export const USER_FIELDS = [
  'id',
  'displayName',
  'mail',
  'userPrincipalName',
  'otherMails',
  'proxyAddresses',
  'accountEnabled',
  'userType',
  'department',
  'createdDateTime',
];

/** Most users a `/users` page holds (sheet §3): 50k users are 51 requests. */
export const PAGE_SIZE = 999;

/** Graph's answers when sign-in activity may not be read: no AuditLog.Read.All, or no Entra ID P1/P2 licence. */
const NO_SIGN_IN = new Set(['Authorization_RequestDenied', 'Authentication_RequestFromNonPremiumTenantOrB2CTenant']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A collection page, checked: `value` a list, `@odata.nextLink` / `@odata.deltaLink` absent or https URLs. */
export function collectionPage(data: unknown, what: string): { value: unknown[]; next: string | null; deltaLink: string | null } {
  if (!isObject(data) || !Array.isArray(data.value))
    throw new MalformedResponseError(`Graph answered ${what} with a body that is not a collection.`);
  const link = (k: string) => {
    const v = data[k];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || !v.startsWith('https://'))
      throw new MalformedResponseError(`Graph answered ${what} with an unusable ${k}.`);
    return v;
  };
  return { value: data.value, next: link('@odata.nextLink'), deltaLink: link('@odata.deltaLink') };
}

/** The tenant as `/organization` describes it. */
export interface Organization {
  id: string;
  displayName: string | null;
  /** Its verified domains (the same as `/domains`' verified ones), or null when the answer did not list them. */
  verifiedDomains: string[] | null;
}

/** `/organization`: the tenant's id, display name (the app's key and name) and verified domains. */
export async function getOrganization(g: EntraGraph): Promise<Organization> {
  const page = collectionPage(await g.get('/organization?$select=id,displayName,verifiedDomains'), '/organization');
  const org = page.value[0];
  if (!isObject(org) || typeof org.id !== 'string') throw new MalformedResponseError('Graph answered /organization without the tenant.');
  const domains = Array.isArray(org.verifiedDomains)
    ? org.verifiedDomains.filter(isObject).flatMap((d) => (typeof d.name === 'string' ? [d.name] : []))
    : null;
  return {
    id: org.id.toLowerCase(),
    displayName: typeof org.displayName === 'string' && org.displayName.trim() ? org.displayName.trim() : null,
    verifiedDomains: domains,
  };
}

/** `/domains`: every domain with whether it is verified and the default. */
export async function getDomains(g: EntraGraph): Promise<{ name: string; verified: boolean; isDefault: boolean }[]> {
  const page = collectionPage(await g.get('/domains'), '/domains');
  return page.value
    .filter(isObject)
    .filter((d) => typeof d.id === 'string')
    .map((d) => ({ name: String(d.id), verified: d.isVerified === true, isDefault: d.isDefault === true }));
}

/**
 * The object ids of the Global Administrator role's members (users only; groups and service principals are
 * skipped), or null when the grant may not read directory roles (then nobody is flagged an admin).
 */
export async function getGlobalAdmins(g: EntraGraph, maxPages = 100): Promise<Set<string> | null> {
  const ids = new Set<string>();
  const seen = new Set<string>();
  let url = `/directoryRoles(roleTemplateId='${GLOBAL_ADMIN}')/members?$select=id`;
  for (let pages = 0; ; pages++) {
    if (pages >= maxPages) throw new PagingError(`Graph kept announcing more Global Administrators after ${pages} pages.`);
    let data: unknown;
    try {
      data = await g.get(url);
    } catch (err) {
      if (err instanceof GraphApiError && err.status === 403) return null;
      throw err;
    }
    const page = collectionPage(data, 'the Global Administrator members');
    for (const m of page.value)
      if (isObject(m) && typeof m.id === 'string' && (m['@odata.type'] ?? '#microsoft.graph.user') === '#microsoft.graph.user')
        ids.add(m.id.toLowerCase());
    if (!page.next) return ids;
    if (seen.has(page.next)) throw new PagingError('Graph returned a nextLink it had already given: its paging looped.');
    seen.add(page.next);
    url = page.next;
  }
}

/** What a user read learnt besides the users: whether sign-in activity could be read. */
export interface ReadNotes {
  signInActivity: boolean;
}

const select = (signIn: boolean) => [...USER_FIELDS, ...(signIn ? ['signInActivity'] : [])].join(',');

/**
 * A complete read (no delta link kept, or it expired): first a `$deltatoken=latest` link (no users, one request),
 * which the next run follows for what changed since; then `/users` (`$top=999`, `@odata.nextLink`), because delta
 * pages hold at most 200 users (sheet §4: 50k users are 51 requests here, 250 by delta). Sign-in activity is asked
 * for first; a 403 for it (no AuditLog.Read.All, or no licence) drops it for the run and says so in `notes`.
 */
export function fullPages(g: EntraGraph, notes: ReadNotes): (cursor: string | null) => Promise<Page> {
  let resume: string | null = null;
  return async (cursor) => {
    let data: unknown;
    if (cursor === null) {
      resume = collectionPage(await g.get(`/users/delta?$select=${select(false)}&$deltatoken=latest`), '/users/delta').deltaLink;
      try {
        data = await g.get(`/users?$select=${select(true)}&$top=${PAGE_SIZE}`);
        notes.signInActivity = true;
      } catch (err) {
        if (!(err instanceof GraphApiError && err.status === 403 && NO_SIGN_IN.has(err.code))) throw err;
        notes.signInActivity = false;
        data = await g.get(`/users?$select=${select(false)}&$top=${PAGE_SIZE}`);
      }
    } else data = await g.get(cursor);
    const page = collectionPage(data, '/users');
    return { items: page.value, next: page.next, ...(page.next === null ? { resume } : {}) };
  };
}

/**
 * What changed since a kept delta link (sheet §4): changed users whole, removed ones as `{id, @removed}`, pages
 * of up to 200 through `@odata.nextLink`, and a new `@odata.deltaLink` on the last page. An expired link answers
 * 410 (GraphApiError), which the core turns into one complete read.
 */
export function changePages(g: EntraGraph, deltaLink: string): (cursor: string | null) => Promise<Page> {
  return async (cursor) => {
    const page = collectionPage(await g.get(cursor ?? deltaLink), '/users/delta');
    if (page.next === null && page.deltaLink === null) throw new MalformedResponseError('Graph ended a delta round without a deltaLink.');
    return { items: page.value, next: page.next, ...(page.next === null ? { resume: page.deltaLink } : {}) };
  };
}
