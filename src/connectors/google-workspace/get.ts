import type { Page, PageContext } from '../connector';
import type { Directory } from './client';
import { MalformedResponseError } from './google-errors';

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
 * One page of `users.list` (customer=my_customer, 500 a page, projection=basic) at a page token (null: the first).
 * The core pages through it with its guards (src/sync/paging.ts); rate limits are waited out within the run's deadline.
 */
export async function getUsersPage(dir: Directory, pageToken: string | null, ctx: PageContext): Promise<Page> {
  const data: unknown = await dir.call(
    (api, signal) =>
      api.users.list(
        { customer: 'my_customer', maxResults: PAGE_SIZE, projection: 'basic', pageToken: pageToken ?? undefined },
        { signal },
      ),
    ctx.deadline,
    ctx.signal,
  );
  const page = usersPage(data);
  return { items: page.users, next: page.next };
}
