import type { Connector } from '../../src/connectors/connector';
import type { GitHubSandbox } from '../../src/dev/github-standin';
import { collect, githubConnector, githubLimits, startGitHub } from '../support/github';

let sb: GitHubSandbox;
let connector: Connector;
let stored: string;

beforeAll(async () => {
  sb = await startGitHub();
  // 250 members (3 GraphQL pages), one owner with 2FA off, one member with no verified-domain address; 230 collaborators (3 REST pages).
  sb.seedOrg({
    login: 'acme',
    name: 'Acme Corp',
    verifiedDomains: ['acme.test'],
    members: 248,
    extra: [
      { login: 'root', role: 'ADMIN', emails: ['root@acme.test'], twoFactor: false },
      { login: 'ghost', emails: ['ghost@gmail.example'] },
    ],
    collaborators: 230,
    installed: true,
  });
  sb.seedOrg({ login: 'other', verifiedDomains: ['other.test'], members: 2, installed: true });
  connector = githubConnector(sb).connector;
  stored = `installation:${sb.installation('acme')!.id}`;
});
afterEach(() => sb.clearFaults());
afterAll(() => sb.stop());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => ({ kind: connector.classify(e), message: connector.failureMessage(e) }),
  );

describe('GitHub get through Octokit against the stand-in', () => {
  test('every member page (cursor) and every collaborator page (Link), each page once; roles, 2FA, unmanaged and guests counted', async () => {
    const start = sb.requests.length;
    const { rows, counts } = await collect(connector, stored);
    // Every account is a row (ADR 0019): 249 with a verified-domain address, 231 kept unmanaged (EMAIL_HIDDEN).
    expect(counts).toEqual({ seen: 480, persons: 480, noEmailSkipped: 0, invalidSkipped: 0 });
    expect(rows).toHaveLength(480);
    expect(rows.filter((r) => r.email !== null)).toHaveLength(249);
    expect(rows.filter((r) => r.unmanaged === 'EMAIL_HIDDEN')).toHaveLength(231);
    expect(rows.find((r) => r.email === 'root@acme.test')?.account).toEqual({
      role: 'ADMIN',
      mfaEnabled: false,
      lastActiveAt: null,
      login: 'root',
    });
    const calls = sb.requests.slice(start).map((r) => `${r.method} ${r.path.replace(/\d+/g, 'N')} ${r.query.page ?? ''}`.trim());
    expect(calls.filter((c) => c === 'POST /graphql')).toHaveLength(3);
    expect(calls.filter((c) => c.includes('outside_collaborators'))).toEqual([
      'GET /orgs/acme/outside_collaborators',
      'GET /organizations/N/outside_collaborators 2',
      'GET /organizations/N/outside_collaborators 3',
    ]);
  });

  test('primary limits (REST 403 with x-ratelimit-reset, GraphQL RATE_LIMITED and 2026 RATE_LIMIT) and a secondary limit (retry-after) are waited for', async () => {
    sb.injectFault({ kind: 'primary', path: '/orgs/acme/outside_collaborators', resetIn: 1 });
    sb.injectFault({ kind: 'primary', path: '/graphql', resetIn: 1, afterRequests: 1 });
    sb.injectFault({ kind: 'primary', path: '/graphql', resetIn: 1, graphqlType: 'RATE_LIMIT', afterRequests: 1 });
    sb.injectFault({ kind: 'secondary', path: '/orgs/acme', retryAfter: 2, status: 429 });
    const start = sb.requests.length;
    await connector.source(stored, 'a', new AbortController().signal).app();
    const { rows } = await collect(connector, stored);
    expect(rows).toHaveLength(480);
    expect(sb.requests.slice(start).filter((r) => r.status === 403 || r.status === 429)).toHaveLength(2);
  });

  test('a limit whose reset lies past the run deadline is not waited for: the run fails at once, saying so', async () => {
    sb.injectFault({ kind: 'primary', path: '/graphql', resetIn: 3600 });
    const started = Date.now();
    expect(await failure(collect(connector, stored, githubLimits({ deadline: Date.now() + 20_000 })))).toEqual({
      kind: 'other',
      message:
        "GitHub's rate limit held and waiting for it would pass the run's time budget; nothing was removed and the next run tries again.",
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('5xx is retried (plugin-retry); one that persists fails the run', async () => {
    sb.injectFault({ kind: 'status', path: '/graphql', status: 502, times: 2 });
    expect((await collect(connector, stored)).rows).toHaveLength(480);
    sb.injectFault({ kind: 'status', path: '/graphql', status: 503, times: 10 });
    expect(await failure(collect(connector, stored))).toEqual({
      kind: 'other',
      message: 'GitHub was unavailable (503), even after retries; nothing was removed and the next run tries again.',
    });
  });

  test('a hung answer ends at GITHUB_TIMEOUT_MS', async () => {
    const quick = githubConnector(sb, { timeoutMs: 300, maxRetries: 0 }).connector;
    sb.injectFault({ kind: 'hang', path: '/graphql' });
    const err = await collect(quick, stored).catch((e: unknown) => e);
    expect(quick.failureMessage(err)).toBe('GitHub did not answer in time (GITHUB_TIMEOUT_MS); nothing was removed.');
  });

  test.each([
    ['malformed', '/graphql', 'GitHub answered the members query with a body that is not the organisation’s members.'],
    ['reset', '/graphql', 'GitHub answered the members query with a body that is not the organisation’s members.'],
    ['malformed', '/orgs/acme/outside_collaborators', 'GitHub answered a page of outside collaborators with a body that is not a list.'],
  ] as const)('a %s body on %s fails the run instead of losing a page', async (kind, path, message) => {
    sb.injectFault({ kind, path });
    expect(await failure(collect(connector, stored))).toEqual({ kind: 'other', message });
  });

  test('a cut collaborator page mid-walk (Octokit resolves "") fails rather than silently dropping 100 guests', async () => {
    const org = sb.org('acme');
    sb.injectFault({ kind: 'reset', path: `/organizations/${org.id}/outside_collaborators` });
    expect(await failure(collect(connector, stored))).toEqual({
      kind: 'other',
      message: 'GitHub answered a page of outside collaborators with a body that is not a list.',
    });
  });

  test('empty pages announcing more, and a looping cursor or Link, are bounded', async () => {
    sb.injectFault({ kind: 'empty-page', path: '/graphql', times: 10 });
    expect(await collect(connector, stored).catch((e: Error) => e.message)).toBe(
      'GitHub returned 4 empty pages in a row while announcing more accounts.',
    );
    sb.clearFaults();
    sb.injectFault({ kind: 'loop', path: '/graphql', times: 10 });
    expect(await collect(connector, stored).catch((e: Error) => e.message)).toBe(
      'GitHub returned a page cursor it had already given: its paging looped.',
    );
    sb.clearFaults();
    sb.injectFault({ kind: 'loop', path: `/organizations/${sb.org('acme').id}/outside_collaborators`, afterRequests: 1, times: 10 });
    expect(await collect(connector, stored).catch((e: Error) => e.message)).toBe(
      'GitHub returned a page cursor it had already given: its paging looped.',
    );
  });

  test('a shrunken list is passed on as it is (the core’s shrink guard judges it)', async () => {
    sb.injectFault({ kind: 'shrink', path: '/graphql', keep: 10 });
    expect((await collect(connector, stored)).counts.persons).toBe(240);
  });

  test('uninstalled, suspended, or without Members: read → unauthorized / restricted, with the reconnect sentence', async () => {
    await sb.seedOrg({ login: 'gone', verifiedDomains: ['gone.test'], members: 1, installed: true });
    const gone = `installation:${sb.installation('gone')!.id}`;
    sb.suspend('gone');
    expect(await failure(collect(connector, gone))).toMatchObject({
      kind: 'unauthorized',
      message: expect.stringMatching(/uninstalled .* or suspended/),
    });
    sb.suspend('gone', false);
    sb.installation('gone')!.permissions = { metadata: 'read' };
    expect((await failure(collect(connector, gone)))?.kind).toBe('restricted');
    sb.uninstall('gone');
    expect((await failure(connector.source(gone, 'a', new AbortController().signal).app()))?.kind).toBe('unauthorized');
  });

  test('when the run signal fires, a request and a rate-limit wait in flight stop at once', async () => {
    sb.injectFault({ kind: 'hang', path: '/graphql' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const started = Date.now();
    const err = await collect(connector, stored, githubLimits(), ac.signal).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1500);
    expect((err as { reason?: string }).reason).toBe('RUN_ABORTED');
    sb.clearFaults();
    const slow = githubConnector(sb, { waitUnitMs: 1000 }).connector;
    sb.injectFault({ kind: 'secondary', path: '/graphql', retryAfter: 30 });
    const ac2 = new AbortController();
    setTimeout(() => ac2.abort(), 300);
    const t2 = Date.now();
    const err2 = await collect(slow, stored, githubLimits(), ac2.signal).catch((e: unknown) => e);
    expect(Date.now() - t2).toBeLessThan(1500);
    expect((err2 as { reason?: string }).reason).toBe('RUN_ABORTED');
  });
});
