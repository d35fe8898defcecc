import type { PagingLimits } from '../connector';
import type { EntraGraph } from './client';
import { EntraPagingError, GraphApiError, MalformedResponseError } from './entra-errors';

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

/** `/organization`: the tenant's id and display name (the app's key and name). */
export async function getOrganization(g: EntraGraph): Promise<{ id: string; displayName: string | null }> {
  const page = collectionPage(await g.get('/organization?$select=id,displayName'), '/organization');
  const org = page.value[0];
  if (!isObject(org) || typeof org.id !== 'string') throw new MalformedResponseError('Graph answered /organization without the tenant.');
  return {
    id: org.id.toLowerCase(),
    displayName: typeof org.displayName === 'string' && org.displayName.trim() ? org.displayName.trim() : null,
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
export async function getGlobalAdmins(g: EntraGraph, limits: PagingLimits): Promise<Set<string> | null> {
  const ids = new Set<string>();
  const seen = new Set<string>();
  let url = `/directoryRoles(roleTemplateId='${GLOBAL_ADMIN}')/members?$select=id`;
  for (let pages = 0; ; pages++) {
    if (pages >= limits.maxPages) throw new EntraPagingError(`Graph kept announcing more Global Administrators after ${pages} pages.`);
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
        ids.add(m.id);
    if (!page.next) return ids;
    if (seen.has(page.next)) throw new EntraPagingError('Graph returned a nextLink it had already given: its paging looped.');
    seen.add(page.next);
    url = page.next;
  }
}

/** What a user read learnt besides the users: whether sign-in activity could be read. */
export interface ReadNotes {
  signInActivity: boolean;
}

/**
 * Pages through `/users` (`$select`, `$top=999`) following `@odata.nextLink`, and yields each page's raw users.
 * Sign-in activity is asked for first; a 403 for it (no AuditLog.Read.All, or no licence) drops it for the rest
 * of the run and says so in `notes`. Each page is checked against the limits: a nextLink already given (a loop),
 * too many pages, empty pages announcing more, the deadline, or shutdown throw. A failure halfway throws, so
 * cleanup never runs on a partial list.
 */
export async function* getUsers(g: EntraGraph, limits: PagingLimits, notes: ReadNotes): AsyncGenerator<unknown[]> {
  const seen = new Set<string>();
  const first = (signIn: boolean) =>
    `/users?$select=${[...USER_FIELDS, ...(signIn ? ['signInActivity'] : [])].join(',')}&$top=${PAGE_SIZE}`;
  let url = first(true);
  notes.signInActivity = true;
  let pages = 0;
  let empty = 0;
  for (;;) {
    if (limits.signal?.aborted)
      throw new EntraPagingError('The service shut down before the run finished; nothing was removed, and the next run starts over.');
    if (Date.now() > limits.deadline)
      throw new EntraPagingError('The run used up its time budget (SYNC_RUN_BUDGET_SECONDS) before Graph listed every user.');
    if (++pages > limits.maxPages)
      throw new EntraPagingError(`Graph kept announcing more users after ${limits.maxPages} pages (SYNC_MAX_PAGES); stopped.`);
    let data: unknown;
    try {
      data = await g.get(url);
    } catch (err) {
      if (pages === 1 && notes.signInActivity && err instanceof GraphApiError && err.status === 403 && NO_SIGN_IN.has(err.code)) {
        notes.signInActivity = false;
        url = first(false);
        pages = 0;
        continue;
      }
      throw err;
    }
    const page = collectionPage(data, '/users');
    if (page.next !== null) {
      if (seen.has(page.next)) throw new EntraPagingError('Graph returned a nextLink it had already given: its paging looped.');
      seen.add(page.next);
    }
    empty = page.value.length === 0 && page.next !== null ? empty + 1 : 0;
    if (empty > limits.maxEmptyPages)
      throw new EntraPagingError(`Graph returned ${empty} empty pages in a row while announcing more users.`);
    if (page.value.length > 0) yield page.value;
    if (page.next === null) return;
    url = page.next;
  }
}
