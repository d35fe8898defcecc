import type { PagingLimits } from '../connector';
import type { Directory } from './client';
import { MalformedResponseError, PagingError } from './google-errors';

/** Most users a page may hold (users.list `maxResults`), and what a 60-minute walk needs (sheet §7). */
export const PAGE_SIZE = 500;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A users.list body, checked: an object, `users` absent (none) or an array, `nextPageToken` absent or a string. */
export function usersPage(data: unknown): { users: unknown[]; next: string | null } {
  if (!isObject(data))
    throw new MalformedResponseError('Google answered users.list with a body that is not the expected JSON (cut short?).');
  const { users, nextPageToken } = data;
  if (users !== undefined && !Array.isArray(users))
    throw new MalformedResponseError('Google answered users.list with `users` that is not a list.');
  if (nextPageToken !== undefined && (typeof nextPageToken !== 'string' || nextPageToken === '')) {
    throw new MalformedResponseError('Google answered users.list with an unusable nextPageToken.');
  }
  return { users: users ?? [], next: nextPageToken ?? null };
}

/** `domains.list` for my_customer: the domain names and their aliases, with the primary one first. */
export async function getDomains(dir: Directory, deadline?: number, signal?: AbortSignal): Promise<{ name: string; primary: boolean }[]> {
  const data: unknown = await dir.call((api, s) => api.domains.list({ customer: 'my_customer' }, { signal: s }), deadline, signal);
  if (!isObject(data) || (data.domains !== undefined && !Array.isArray(data.domains))) {
    throw new MalformedResponseError('Google answered domains.list with a body that is not the expected JSON.');
  }
  const out: { name: string; primary: boolean }[] = [];
  for (const d of (data.domains ?? []) as unknown[]) {
    if (!isObject(d) || typeof d.domainName !== 'string') continue;
    out.push({ name: d.domainName, primary: d.isPrimary === true });
    for (const a of Array.isArray(d.domainAliases) ? d.domainAliases : []) {
      if (isObject(a) && typeof a.domainAliasName === 'string') out.push({ name: a.domainAliasName, primary: false });
    }
  }
  return out.sort((a, b) => Number(b.primary) - Number(a.primary));
}

/**
 * Pages through `users.list` (customer=my_customer, 500 a page, projection=basic) and yields each page's raw
 * users. Each page is checked against the limits: a page token Google already gave (a loop), too many pages,
 * too many empty pages announcing more, the deadline, or shutdown all throw PagingError. It never swallows an
 * error: a failure halfway throws, so cleanup never runs on a partial list.
 */
export async function* getUsers(dir: Directory, limits: PagingLimits): AsyncGenerator<unknown[]> {
  const tokens = new Set<string>();
  let pageToken: string | undefined;
  let pages = 0;
  let empty = 0;
  for (;;) {
    if (limits.signal?.aborted)
      throw new PagingError('The service shut down before the run finished; nothing was removed, and the next run starts over.');
    if (Date.now() > limits.deadline)
      throw new PagingError('The run used up its time budget (SYNC_RUN_BUDGET_SECONDS) before Google listed every user.');
    if (++pages > limits.maxPages)
      throw new PagingError(`Google kept announcing more users after ${limits.maxPages} pages (SYNC_MAX_PAGES); stopped.`);
    const data: unknown = await dir.call(
      (api, signal) => api.users.list({ customer: 'my_customer', maxResults: PAGE_SIZE, projection: 'basic', pageToken }, { signal }),
      limits.deadline,
      limits.signal,
    );
    const page = usersPage(data);
    if (page.next !== null) {
      if (tokens.has(page.next)) throw new PagingError('Google returned a page token it had already given: its paging looped.');
      tokens.add(page.next);
    }
    empty = page.users.length === 0 && page.next !== null ? empty + 1 : 0;
    if (empty > limits.maxEmptyPages) throw new PagingError(`Google returned ${empty} empty pages in a row while announcing more users.`);
    if (page.users.length > 0) yield page.users;
    if (page.next === null) return;
    pageToken = page.next;
  }
}
