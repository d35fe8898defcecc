import { createHash, randomUUID } from 'node:crypto';
import { googleError, json, type Reply, type Req } from './http';
import type { SandboxCustomer } from './state';

/** Page tokens are opaque to clients: the position, and a suffix that makes a repeated position a new token. */
const encodeToken = (position: number, salt = '') => Buffer.from(`p${position}${salt}`).toString('base64url');
const decodeToken = (token: string) => Number(/^p(\d+)/.exec(Buffer.from(token, 'base64url').toString('utf8'))?.[1] ?? NaN);
const etag = (v: string) => `"${createHash('sha1').update(v).digest('base64url')}"`;

/** How a fault bends a page of users. */
export type PageFault = { kind: 'empty-page' } | { kind: 'loop' } | { kind: 'shrink'; keep: number } | null;

/** GET /admin/directory/v1/users with `customer` (or `domain`), `maxResults` 1–500, `pageToken`, `projection`. */
export function listUsers(req: Req, customer: SandboxCustomer, fault: PageFault = null): Reply {
  const q = req.query;
  const domain = q.get('domain');
  const who = q.get('customer');
  if (!who && !domain) return googleError(400, 'badRequest', 'Bad Request');
  if (who && who !== 'my_customer' && who !== customer.id)
    return googleError(403, 'forbidden', 'Not Authorized to access this resource/api');
  if (domain && !customer.domains.some((d) => d.domainName === domain))
    return googleError(403, 'forbidden', 'Not Authorized to access this resource/api');
  const size = q.has('maxResults') ? Number(q.get('maxResults')) : 100;
  if (!Number.isInteger(size) || size < 1 || size > 500) return googleError(400, 'invalid', 'Invalid Input: maxResults');
  const projection = q.get('projection') ?? 'basic';
  if (!['basic', 'custom', 'full'].includes(projection)) return googleError(400, 'invalid', 'Invalid value for projection');
  let users = domain ? customer.users.filter((u) => u.primaryEmail.endsWith(`@${domain}`)) : customer.users;
  if (fault?.kind === 'shrink') users = users.slice(0, fault.keep);
  const token = q.get('pageToken');
  const start = token ? decodeToken(token) : 0;
  if (!Number.isInteger(start) || start < 0 || (token && start > users.length))
    return googleError(400, 'invalid', 'Invalid Input: pageToken');
  if (fault?.kind === 'empty-page') return page([], encodeToken(start, `#${randomUUID()}`));
  const end = Math.min(start + size, users.length);
  const loop = fault?.kind === 'loop' && end >= users.length;
  return page(users.slice(start, end), loop ? encodeToken(0) : end < users.length ? encodeToken(end) : null);
}

/** Google leaves out an empty `users` array and a missing `nextPageToken`. */
function page(users: unknown[], next: string | null): Reply {
  return json(200, {
    kind: 'admin#directory#users',
    etag: etag(`${next}:${users.length}`),
    ...(users.length > 0 ? { users } : {}),
    ...(next ? { nextPageToken: next } : {}),
  });
}

/** GET /admin/directory/v1/customer/{customer}/domains: every domain, no paging. */
export function listDomains(customerParam: string, customer: SandboxCustomer): Reply {
  if (customerParam !== 'my_customer' && customerParam !== customer.id)
    return googleError(403, 'forbidden', 'Not Authorized to access this resource/api');
  const domains = customer.domains.map((d) => ({
    kind: 'admin#directory#domain',
    etag: etag(d.domainName),
    domainName: d.domainName,
    isPrimary: d.isPrimary,
    verified: d.verified,
    creationTime: String(Date.parse(d.creationTime)),
    domainAliases: [],
  }));
  return json(200, { kind: 'admin#directory#domains', etag: etag(customer.id), domains });
}
