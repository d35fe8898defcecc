import type { RemoteApp } from '../connector';
import type { Directory } from './client';
import { getDomains, usersPage } from './get';
import { GoogleApiError } from './google-errors';

/**
 * Names the Google customer a grant opens: its id is `customerId` of the first listed user (the only way
 * with the read-only user scope), its name the primary domain. A grant that may not read the directory
 * (a non-admin) gets an app keyed and named by `fallback` (the ID token's `hd`, or the stored id).
 */
export async function describeCustomer(dir: Directory, fallback: { id: string; domain: string | null }): Promise<RemoteApp> {
  let customerId: string | null = null;
  let domains: { name: string; primary: boolean }[] = [];
  try {
    const page = usersPage(await dir.call((api) => api.users.list({ customer: 'my_customer', maxResults: 1, projection: 'basic' })));
    const first = page.users[0] as { customerId?: unknown } | undefined;
    customerId = typeof first?.customerId === 'string' && first.customerId ? first.customerId : null;
    domains = await getDomains(dir);
  } catch (err) {
    if (!(err instanceof GoogleApiError && err.status === 403 && err.reason === 'forbidden')) throw err;
  }
  const primary = domains.find((d) => d.primary)?.name ?? fallback.domain;
  return {
    id: customerId ?? fallback.id,
    name: primary,
    iconUrl: null,
    attributes: { customerId, primaryDomain: primary, directoryAccess: customerId !== null },
  };
}
