import { PagingError } from '../../src/connectors/connector';
import { AppError } from '../../src/lib/errors';
import { GoogleApiError, MalformedResponseError, RateLimitExhaustedError } from '../../src/connectors/google-workspace/google-errors';
import type { GoogleSettings } from '../../src/connectors/google-workspace/settings';
import type { Fault, GoogleSandbox } from '../../src/dev/google-standin';
import { connectorFor, limits, listAll, REDIRECT, startSandbox } from '../support/google';

let sb: GoogleSandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

const USERS = '/admin/directory/v1/users';

/** A fresh customer of `users`, an admin grant, and a run that lists it with the given faults armed. */
async function setUp(users: number, faults: Fault[] = [], over: Partial<GoogleSettings> = {}) {
  const c = sb.seedCustomer({ domain: `c${Math.random().toString(36).slice(2, 8)}.example.com`, users });
  const { connector, observed } = connectorFor(sb, over);
  const grant = await connector.oauth.exchangeCode(sb.authorize({ customerId: c.id, admin: true, redirectUri: REDIRECT }), REDIRECT);
  for (const f of faults) sb.injectFault({ ...f, customerId: c.id });
  const list = (l = limits()) => listAll(connector, grant.accessToken, c.id, l);
  const failure = async (l = limits()) => {
    const err = await list(l).then(
      () => null,
      (e: unknown) => e,
    );
    if (!err) throw new Error('the run returned a list instead of throwing');
    // As the run records it: the core words its own paging errors, the connector its provider's.
    return {
      err,
      kind: connector.classify(err),
      message: err instanceof PagingError || err instanceof AppError ? err.message : connector.failureMessage(err),
    };
  };
  return {
    c,
    connector,
    observed: () => observed.filter((o) => o.startsWith('users.list')),
    list,
    failure,
    requests: () => sb.requests.filter((r) => r.customerId === c.id && r.path === USERS),
  };
}

describe('Google Workspace get → transform through @googleapis/admin, against the stand-in', () => {
  it('pages through several pages of 500 (customer=my_customer, projection=basic) and lists the domains', async () => {
    const { c, connector, list, requests } = await setUp(1234);
    sb.updateUser(c.id, 'user7@' + c.domains[0].domainName, (u) => {
      u.suspended = true;
      u.aliases = ['seven@' + c.domains[0].domainName];
    });
    const rows = await list();
    expect(rows.map((r) => r.externalId)).toEqual(c.users.map((u) => u.id));
    expect(rows[7]).toMatchObject({
      email: `user7@${c.domains[0].domainName}`,
      aliases: [`seven@${c.domains[0].domainName}`],
      directory: { status: 'SUSPENDED' },
    });
    const pages = requests().slice(-3);
    expect(pages.map((r) => [r.query.customer, r.query.maxResults, r.query.projection, r.query.pageToken === undefined])).toEqual([
      ['my_customer', '500', 'basic', true],
      ['my_customer', '500', 'basic', false],
      ['my_customer', '500', 'basic', false],
    ]);
    expect(await connector.source('x', c.id, new AbortController().signal).domains!().catch((e: unknown) => connector.classify(e))).toBe(
      'unauthorized',
    );
  });

  it('sees suspensions, archives, renames (old address kept as an alias), alias changes and deletions on the next listing', async () => {
    const { c, list } = await setUp(6);
    const d = c.domains[0].domainName;
    sb.updateUser(c.id, `user1@${d}`, (u) => void (u.suspended = true));
    sb.updateUser(c.id, `user2@${d}`, (u) => void (u.archived = true));
    sb.renameUser(c.id, `user3@${d}`, `Carol.New@${d}`);
    sb.updateUser(c.id, `user4@${d}`, (u) => void (u.aliases = [`four@${d}`]));
    sb.deleteUser(c.id, `user5@${d}`);
    const rows = await list();
    expect(rows.map((r) => [r.email, r.aliases, r.directory?.status])).toEqual([
      [`admin@${d}`, [], 'ACTIVE'],
      [`user1@${d}`, [], 'SUSPENDED'],
      [`user2@${d}`, [], 'ARCHIVED'],
      [`carol.new@${d}`, [`user3@${d}`], 'ACTIVE'],
      [`user4@${d}`, [`four@${d}`], 'ACTIVE'],
    ]);
  });

  it('fails as unauthorized on a 401 in the middle of the run', async () => {
    const { failure } = await setUp(1200, [{ path: USERS, kind: 'status', status: 401, reason: 'authError', afterRequests: 1 }]);
    expect((await failure()).kind).toBe('unauthorized');
  });

  it('waits out 403 userRateLimitExceeded, 403 quotaExceeded and 429 with backoff, then lists everything', async () => {
    const { list, observed } = await setUp(600, [
      { path: USERS, kind: 'status', status: 403, reason: 'userRateLimitExceeded', afterRequests: 1 },
      { path: USERS, kind: 'status', status: 403, reason: 'quotaExceeded' },
      { path: USERS, kind: 'status', status: 429, reason: 'rateLimitExceeded', retryAfter: 1 },
    ]);
    expect(await list()).toHaveLength(600);
    expect(observed().slice(-5)).toEqual(['users.list 200', 'users.list 403', 'users.list 403', 'users.list 429', 'users.list 200']);
  });

  it('throws, removing nothing, when rate limits outlast the backoff budget or the deadline', async () => {
    const { failure, observed } = await setUp(10, [
      { path: USERS, kind: 'status', status: 403, reason: 'userRateLimitExceeded', times: 100 },
    ]);
    const exhausted = await failure();
    expect([exhausted.err instanceof RateLimitExhaustedError, exhausted.kind, exhausted.message]).toEqual([
      true,
      'other',
      expect.stringMatching(/after 4 retries/),
    ]);
    expect(observed().filter((o) => o === 'users.list 403').length).toBeGreaterThanOrEqual(5);
    const late = await failure(limits({ deadline: Date.now() + 5 }));
    expect(late.message).toMatch(/time budget/);
  });

  it('lets the client retry a 503 backendError, and fails when it persists', async () => {
    const passing = await setUp(5, [{ path: USERS, kind: 'status', status: 503, reason: 'backendError', times: 2 }]);
    expect(await passing.list()).toHaveLength(5);
    const lasting = await setUp(5, [{ path: USERS, kind: 'status', status: 503, reason: 'backendError', times: 10 }]);
    const f = await lasting.failure();
    expect([f.err instanceof GoogleApiError && f.err.status, f.kind, f.message]).toEqual([
      503,
      'other',
      expect.stringMatching(/unavailable \(503 backendError\)/),
    ]);
  });

  it('times out a hung request (retried once) and fails', async () => {
    const { failure, observed } = await setUp(10, [{ path: USERS, kind: 'hang', times: 2 }], { timeoutMs: 1000 });
    const f = await failure();
    expect([f.kind, f.message]).toEqual(['other', 'Google did not answer in time (GOOGLE_TIMEOUT_MS), even after a retry.']);
    expect(observed().slice(-2)).toEqual(['users.list 0', 'users.list 0']);
  });

  it('fails on a truncated JSON body and on a connection broken mid-body', async () => {
    const bad = await setUp(600, [{ path: USERS, kind: 'malformed', afterRequests: 1 }]);
    const f = await bad.failure();
    expect([f.err instanceof MalformedResponseError, f.message]).toEqual([true, expect.stringMatching(/not the expected JSON/)]);
    const reset = await setUp(600, [{ path: USERS, kind: 'reset', times: 3, afterRequests: 1 }]);
    expect((await reset.failure()).message).toMatch(/broke off|not the expected JSON/);
  });

  it('fails on a page-token loop, on too many empty pages announcing more, and past SYNC_MAX_PAGES', async () => {
    const loop = await setUp(1200, [{ path: USERS, kind: 'loop', times: 10 }]);
    const l = await loop.failure();
    expect([l.err instanceof PagingError, l.message]).toEqual([
      true,
      'Google Workspace returned a page cursor it had already given: its paging looped.',
    ]);
    const empty = await setUp(600, [{ path: USERS, kind: 'empty-page', times: 10, afterRequests: 1 }]);
    expect((await empty.failure()).message).toBe('Google Workspace returned 4 empty pages in a row while announcing more accounts.');
    const many = await setUp(1600);
    expect((await many.failure(limits({ maxPages: 3 }))).message).toMatch(/after 3 pages/);
  });

  it('tolerates one empty page with a next token, and stops at once when the service shuts down', async () => {
    const once = await setUp(700, [{ path: USERS, kind: 'empty-page', afterRequests: 1 }]);
    expect(await once.list()).toHaveLength(700);
    const aborted = await setUp(5);
    expect((await aborted.failure(limits({ signal: AbortSignal.abort() }))).message).toMatch(/shut down/);
  });

  it('passes a shrunken list through whole (the core’s shrink guard judges it)', async () => {
    const { list } = await setUp(900, [{ path: USERS, kind: 'shrink', keep: 400, times: 5 }]);
    expect(await list()).toHaveLength(400);
  });
});
