import type { AccountBatch, Connector } from '../../src/connectors/connector';
import { PagingError } from '../../src/connectors/connector';
import { accountBatches } from '../../src/runs/paging';
import type { SlackSettings } from '../../src/connectors/slack/settings';
import { SlackApiError, SlackGaveUpError } from '../../src/connectors/slack/slack-errors';
import type { Fault, SlackSandbox } from '../../src/dev/slack-standin';
import { SLACK_REDIRECT, slackConnector, slackLimits, startSlack } from '../support/slack';

/**
 * The connector through @slack/web-api's WebClient against the stand-in over HTTP: install, paging, rotation,
 * revoke, rate limits within the deadline, every fault, `{ok:false}` mapping, a grant without e-mail addresses.
 */
let sb: SlackSandbox;
let rotating: SlackSandbox;
beforeAll(async () => {
  sb = await startSlack();
  rotating = await startSlack({ tokenRotation: true });
});
afterAll(async () => {
  await sb.stop();
  await rotating.stop();
});

const USERS = '/api/users.list';
let n = 0;

/** A fresh workspace of `members` generated people (plus Slackbot and Layer's bot), installed; faults armed for it. */
async function setUp(members: number, o: { faults?: Fault[]; over?: Partial<SlackSettings>; scopes?: string[]; on?: SlackSandbox } = {}) {
  const s = o.on ?? sb;
  const ws = s.seedWorkspace({ name: `Acme ${++n}`, domain: `acme-${n}-${Date.now()}` });
  for (let i = 0; i < members; i++) s.addMember(ws.id, { email: `person${i}@acme.example.com`, realName: `Person ${i}` });
  const { connector, observed } = slackConnector(s, o.over);
  const grant = await connector.oauth.exchangeCode(
    s.authorize({ teamId: ws.id, redirectUri: SLACK_REDIRECT, scopes: o.scopes }),
    SLACK_REDIRECT,
  );
  for (const f of o.faults ?? []) s.injectFault({ ...f, scope: ws.id });
  /** A whole listing through the core's own pager (its guards), as a run reads it. */
  const read = async (token = grant.accessToken, limits = slackLimits(), signal = new AbortController().signal) => {
    const batches: AccountBatch[] = [];
    const listing = await connector.source(token, ws.id, signal).listing(null);
    for await (const b of accountBatches(listing, 1000, { ...limits, signal }, 'Slack')) batches.push(b);
    return batches;
  };
  const rows = async (...a: Parameters<typeof read>) => (await read(...a)).flatMap((b) => b.rows);
  return { ws, s, connector, observed, grant, read, rows, failure: (...a: Parameters<typeof read>) => failureOf(connector, read(...a)) };
}

async function failureOf(connector: Connector, run: Promise<unknown>) {
  const err = await run.then(
    () => null,
    (e: unknown) => e,
  );
  if (!err) throw new Error('the run returned a list instead of throwing');
  return { err, kind: connector.classify(err), message: connector.failureMessage(err) ?? (err as Error).message };
}

describe('install (OAuth v2)', () => {
  it('sends the browser to the authorize page with the bot scopes, and trades the code for a bot token and the workspace', async () => {
    const { connector } = slackConnector(sb);
    const url = new URL(connector.oauth.authorizationUrl('state-1', SLACK_REDIRECT));
    expect(`${url.origin}${url.pathname}`).toBe(`${sb.url}/oauth/v2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: '1234567890.9876543210',
      scope: 'users:read,users:read.email,team:read',
      user_scope: '',
      redirect_uri: SLACK_REDIRECT,
      state: 'state-1',
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);

    const { ws, grant } = await setUp(1);
    expect(grant).toEqual({
      accessToken: expect.stringMatching(/^xoxb-/),
      refreshToken: null,
      ownerEmail: null,
      app: {
        id: ws.id,
        name: ws.name,
        iconUrl: `https://avatars.slack-edge.com/standin/${ws.id}_132.png`,
        attributes: {
          domain: ws.domain,
          url: `https://${ws.domain}.slack.com/`,
          enterpriseId: null,
          grantedScopes: ['users:read', 'users:read.email', 'team:read'],
          emailScope: true,
        },
      },
    });
  });

  it('refuses a used code and a code for another callback, in words a person can act on', async () => {
    const ws = sb.seedWorkspace({ name: 'Once', domain: `once-${Date.now()}` });
    const { connector } = slackConnector(sb);
    const code = sb.authorize({ teamId: ws.id, redirectUri: SLACK_REDIRECT });
    await connector.oauth.exchangeCode(code, SLACK_REDIRECT);
    await expect(connector.oauth.exchangeCode(code, SLACK_REDIRECT)).rejects.toMatchObject({ reason: 'OAUTH_CODE_REJECTED' });
    const other = sb.authorize({ teamId: ws.id, redirectUri: SLACK_REDIRECT });
    await expect(connector.oauth.exchangeCode(other, 'http://localhost:3000/elsewhere')).rejects.toMatchObject({
      reason: 'OAUTH_CODE_REJECTED',
    });
    const { connector: wrong } = slackConnector(sb, { clientSecret: 'nope' });
    await expect(
      wrong.oauth.exchangeCode(sb.authorize({ teamId: ws.id, redirectUri: SLACK_REDIRECT }), SLACK_REDIRECT),
    ).rejects.toMatchObject({
      reason: 'SLACK_CLIENT_REJECTED',
    });
  });

  it('with token rotation: stores the refresh token, refreshes an expired token once, and Slack revokes the old refresh token', async () => {
    const { ws, connector, grant, rows, failure } = await setUp(3, { on: rotating });
    expect(grant.accessToken).toMatch(/^xoxe\.xoxb-/);
    expect(grant.refreshToken).toMatch(/^xoxe-1-/);
    rotating.expireTokens(ws.id);
    const expired = await failure();
    expect(expired.kind).toBe('unauthorized');
    expect((expired.err as SlackApiError).code).toBe('token_expired');
    const fresh = await connector.oauth.refresh(grant.refreshToken!, new AbortController().signal);
    expect(fresh.accessToken).not.toBe(grant.accessToken);
    expect(fresh.refreshToken).toMatch(/^xoxe-1-/);
    expect(fresh.refreshToken).not.toBe(grant.refreshToken);
    expect((await rows(fresh.accessToken)).length).toBe(3);
    await expect(connector.oauth.refresh(grant.refreshToken!)).rejects.toMatchObject({ code: 'invalid_refresh_token' });
  });

  it('revokes with auth.revoke: the token then answers token_revoked (re-auth), and the app is uninstalled', async () => {
    const { ws, connector, grant, failure } = await setUp(1);
    expect(await connector.oauth.revoke(grant.accessToken)).toBe(true);
    expect(sb.installed(ws.id)).toBe(false);
    const after = await failure();
    expect([after.kind, (after.err as SlackApiError).code]).toEqual(['unauthorized', 'token_revoked']);
    expect(await connector.oauth.revoke(grant.accessToken)).toBe(true);
  });
});

describe('users.list through WebClient', () => {
  it('pages with limit=200 and the cursor until next_cursor is "", skipping Slackbot and the app bot', async () => {
    const { ws, read, s } = await setUp(450);
    const batches = await read();
    const pages = s.requests.filter((r) => r.teamId === ws.id && r.path === USERS);
    expect(pages.map((r) => [r.args.limit, r.args.cursor === undefined])).toEqual([
      ['200', true],
      ['200', false],
      ['200', false],
    ]);
    const rows = batches.flatMap((b) => b.rows);
    expect(rows.map((r) => r.email)).toEqual(Array.from({ length: 450 }, (_, i) => `person${i}@acme.example.com`));
    expect(batches.reduce((t, b) => [t[0] + b.seen, t[1] + b.botsSkipped, t[2] + b.persons], [0, 0, 0])).toEqual([452, 2, 450]);
  });

  it('a grant without users:read.email: no addresses, every member kept unmanaged with its address unknown, and the app says so', async () => {
    const { grant, read } = await setUp(5, { scopes: ['users:read', 'team:read'] });
    expect(grant.app.attributes).toMatchObject({ grantedScopes: ['users:read', 'team:read'], emailScope: false });
    const batches = await read();
    expect(batches.map((b) => [b.rows.length, b.persons, b.noEmailSkipped, b.emailUnknown])).toEqual([[5, 5, 0, 5]]);
    expect(batches[0].rows.map((r) => [r.email, r.unmanaged, r.emailUnknown])).toEqual(Array(5).fill([null, 'NO_EMAIL', true]));
  });

  it('maps {ok:false}: invalid_auth and account_inactive to re-auth, missing users:read to restricted, missing team:read by name', async () => {
    const a = await setUp(1);
    const bad = await a.failure('xoxb-not-a-token');
    expect([bad.kind, (bad.err as SlackApiError).code]).toEqual(['unauthorized', 'invalid_auth']);
    a.s.uninstall(a.ws.id);
    const gone = await a.failure();
    expect([gone.kind, (gone.err as SlackApiError).code]).toEqual(['unauthorized', 'account_inactive']);

    const b = await setUp(1, { scopes: ['team:read', 'users:read.email'] });
    const noUsers = await b.failure();
    expect(noUsers.kind).toBe('restricted');
    const c = await setUp(1, { scopes: ['users:read', 'users:read.email'] }).catch((e: unknown) => e);
    expect(c).toMatchObject({ reason: 'SLACK_SCOPE_MISSING', message: expect.stringContaining('team:read') });
    const d = await setUp(1, { faults: [{ kind: 'error', path: '/api/team.info', error: 'missing_scope', needed: 'team:read' }] });
    const app = await failureOf(d.connector, d.connector.source(d.grant.accessToken, d.ws.id, new AbortController().signal).app());
    expect([app.kind, app.message]).toEqual([
      'other',
      'Slack refused: the installation lacks the scope team:read. Reinstall Slack to Layer and allow every permission it asks for; nothing was removed.',
    ]);
  });
});

describe('rate limits and faults', () => {
  it('waits out a 429 for its Retry-After, and fails at once when the wait would pass the deadline', async () => {
    const { rows, observed } = await setUp(3, { faults: [{ kind: 'status', status: 429, retryAfter: 1, path: USERS }] });
    const t0 = Date.now();
    expect((await rows()).length).toBe(3);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(observed).toContain('users.list 429 1');

    const slow = await setUp(3, { faults: [{ kind: 'status', status: 429, retryAfter: 30, path: USERS }] });
    const t1 = Date.now();
    const late = await slow.failure(undefined, slackLimits({ deadline: Date.now() + 5000 }));
    expect(Date.now() - t1).toBeLessThan(3000);
    expect(late.err).toBeInstanceOf(SlackGaveUpError);
    expect(late.message).toMatch(/429 \(Retry-After 30 s\).*time budget/);
  });

  it("stops a Retry-After wait and a hung request as soon as the run's signal fires", async () => {
    for (const fault of [
      { kind: 'status', status: 429, retryAfter: 30, path: USERS },
      { kind: 'hang', path: USERS },
    ] as Fault[]) {
      const { failure } = await setUp(1, { faults: [fault] });
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 300);
      const t0 = Date.now();
      const f = await failure(undefined, slackLimits(), stop.signal);
      expect(Date.now() - t0).toBeLessThan(2000);
      // The core's pager reads a page its signal ended as the run ending.
      expect([f.kind, f.err]).toEqual(['other', expect.objectContaining({ reason: 'RUN_ABORTED' })]);
    }
  });

  it("Slack's per-method budget (Tier 2 at 120 a minute here): past it a 429 + Retry-After, waited out page by page", async () => {
    const limited = await startSlack({ rateLimit: { perMinute: 120, burst: 1 } });
    try {
      const { ws, rows, observed } = await setUp(450, { on: limited });
      const t0 = Date.now();
      expect((await rows()).length).toBe(450);
      const answers = limited.requests.filter((r) => r.teamId === ws.id && r.path === USERS).map((r) => r.status);
      expect(answers.filter((s) => s === 200)).toHaveLength(3);
      expect(answers.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
      expect(observed).toContain('users.list 429 1');
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    } finally {
      await limited.stop();
    }
  });

  it('a 429 without Retry-After fails with a sentence, not retried', async () => {
    const { failure } = await setUp(1, { faults: [{ kind: 'status', status: 429, path: USERS }] });
    expect((await failure()).message).toBe('Slack rate-limited the request (429) without saying how long to wait; nothing was removed.');
  });

  it.each([
    ['a 503 once', [{ kind: 'status', status: 503 }], null],
    ['a reset once', [{ kind: 'reset' }], null],
    ['a transient {ok:false} once', [{ kind: 'error', error: 'internal_error' }], null],
    [
      '503 past the retries',
      [{ kind: 'status', status: 503, times: 3 }],
      'Slack was unavailable (503), even after retries; nothing was removed and the next run tries again.',
    ],
    [
      'resets past the retries',
      [{ kind: 'reset', times: 3 }],
      'The connection to Slack broke off before the answer was complete, even after retries; nothing was removed.',
    ],
    [
      'hangs past the timeout and retries',
      [{ kind: 'hang', times: 3 }],
      'Slack did not answer in time (SLACK_TIMEOUT_MS), even after retries; nothing was removed.',
    ],
    ['a malformed body', [{ kind: 'malformed' }], 'Slack answered with a body that is not what its Web API promises; nothing was removed.'],
    [
      'an empty page announcing more, again and again',
      [{ kind: 'empty-page', times: 10 }],
      'Slack returned 4 empty pages in a row while announcing more accounts.',
    ],
    ['a cursor loop', [{ kind: 'loop', times: 10 }], 'Slack returned a page cursor it had already given: its paging looped.'],
  ] as [string, Fault[], string | null][])('%s', async (_name, faults, message) => {
    const { rows, failure } = await setUp(450, {
      faults: faults.map((f) => ({ ...f, path: USERS, afterRequests: 1 })),
      over: { timeoutMs: 300 },
    });
    if (message === null) return expect((await rows()).length).toBe(450);
    const f = await failure();
    expect([f.kind, f.message]).toEqual(['other', message]);
    if (/pages|cursor/.test(message)) expect(f.err).toBeInstanceOf(PagingError);
  });

  it("a shrinking list is returned as listed (the core's shrink guard judges it)", async () => {
    const { rows } = await setUp(450, { faults: [{ kind: 'shrink', keep: 102, path: USERS }] });
    expect((await rows()).length).toBe(100);
  });
});
