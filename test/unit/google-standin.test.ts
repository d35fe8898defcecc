import { admin } from '@googleapis/admin';
import { OAuth2Client } from 'google-auth-library';
import type { GoogleSandbox } from '../../src/dev/google-standin';
import { RateLimiter } from '../../src/dev/google-standin/rate-limit';
import { CLIENT, REDIRECT, startSandbox } from '../support/google';

describe('Google stand-in rate limit', () => {
  it('allows a burst of one second, then answers the wait in whole seconds (at least 1), per user', () => {
    const limiter = new RateLimiter({ requestsPerSecond: 40 });
    const t0 = 1_000_000;
    for (let i = 0; i < 40; i++) expect(limiter.take('admin', t0)).toBeNull();
    expect(limiter.take('admin', t0)).toBe(1);
    expect(limiter.take('other-user', t0)).toBeNull();
    expect(limiter.take('admin', t0 + 25)).toBeNull(); // one token refilled after 1/40 s
    expect(limiter.take('admin', t0 + 25)).toBe(1);
  });

  it("answers Google's reasons: 403 userRateLimitExceeded by default, 429 rateLimitExceeded on request", () => {
    expect(new RateLimiter({ requestsPerSecond: 1 }).answer).toEqual({ status: 403, reason: 'userRateLimitExceeded' });
    expect(new RateLimiter({ requestsPerSecond: 1, reason: 'quotaExceeded' }).answer).toEqual({ status: 403, reason: 'quotaExceeded' });
    expect(new RateLimiter({ requestsPerSecond: 1, reason: 'rateLimitExceeded' }).answer).toEqual({
      status: 429,
      reason: 'rateLimitExceeded',
    });
  });
});

describe('the Google stand-in, through the official clients', () => {
  let sb: GoogleSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ requestsPerSecond: 0.2, burst: 5 }); // one token per 5 s: no refill during a test
  });
  afterAll(() => sb.stop());
  const oauth = () =>
    new OAuth2Client({
      ...CLIENT,
      redirectUri: REDIRECT,
      endpoints: {
        oauth2AuthBaseUrl: `${sb.url}/o/oauth2/v2/auth`,
        oauth2TokenUrl: `${sb.url}/token`,
        oauth2RevokeUrl: `${sb.url}/revoke`,
      },
      transporterOptions: { fetchImplementation: fetch },
    });
  const dir = (token: string) => {
    // gaxios's own default is node-fetch through a dynamic import, which jest's CommonJS cannot load.
    const auth = new OAuth2Client({ transporterOptions: { fetchImplementation: fetch } });
    auth.setCredentials({ access_token: token });
    return admin({ version: 'directory_v1', auth, rootUrl: `${sb.url}/`, retry: false, fetchImplementation: fetch });
  };

  it('shows the consent page only for the registered client and exact callback, and redirects with a code or access_denied', async () => {
    const c = sb.seedCustomer({ domain: 'consent.example.com', users: 3 });
    const url = new URL(oauth().generateAuthUrl({ access_type: 'offline', prompt: 'consent', scope: ['openid', 'email'], state: 's1' }));
    expect((await fetch(url)).status).toBe(200);
    const wrong = new URL(url);
    wrong.searchParams.set('redirect_uri', `${REDIRECT}/`);
    expect(await (await fetch(wrong)).text()).toContain('redirect_uri_mismatch');
    wrong.searchParams.set('redirect_uri', REDIRECT);
    wrong.searchParams.set('client_id', 'someone-else');
    expect((await fetch(wrong)).status).toBe(401);
    const decide = (decision: string) =>
      fetch(`${sb.url}/o/oauth2/v2/auth/decision`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...Object.fromEntries(url.searchParams), customer_id: c.id, decision }),
      });
    const denied = new URL((await decide('deny')).headers.get('location')!);
    expect([denied.origin + denied.pathname, denied.searchParams.get('error'), denied.searchParams.get('state')]).toEqual([
      REDIRECT,
      'access_denied',
      's1',
    ]);
    const allowed = new URL((await decide('admin')).headers.get('location')!);
    expect(allowed.searchParams.get('state')).toBe('s1');
    const { tokens } = await oauth().getToken(allowed.searchParams.get('code')!);
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      scope: 'openid email',
      refresh_token: expect.stringMatching(/^1\/\//),
      id_token: expect.any(String),
    });
  });

  it('sends a refresh token on consent grants only, keeps it on refresh, and revoke ends the grant', async () => {
    const c = sb.seedCustomer({ domain: 'tokens.example.com', users: 2 });
    const first = await oauth().getToken(sb.authorize({ customerId: c.id, admin: true, redirectUri: REDIRECT, consent: false }));
    const again = await oauth().getToken(sb.authorize({ customerId: c.id, admin: true, redirectUri: REDIRECT, consent: false }));
    expect([typeof first.tokens.refresh_token, again.tokens.refresh_token]).toEqual(['string', undefined]);
    const client = oauth();
    client.setCredentials({ refresh_token: first.tokens.refresh_token });
    const refreshed = await client.refreshAccessToken();
    // The library copies the old refresh token into what it returns; the stand-in issued no new one.
    expect([refreshed.credentials.refresh_token, sb.tokens(c.id).refreshTokens]).toEqual([
      first.tokens.refresh_token,
      [first.tokens.refresh_token],
    ]);
    expect((await dir(refreshed.credentials.access_token!).users.list({ customer: 'my_customer' })).data.users).toHaveLength(2);
    await oauth().revokeToken(first.tokens.refresh_token!);
    const dead = await dir(refreshed.credentials.access_token!)
      .users.list({ customer: 'my_customer' })
      .catch((e: any) => e.status);
    expect(dead).toBe(401);
    const refused = await client.refreshAccessToken().catch((e: any) => [e.status, e.response.data.error]);
    expect(refused).toEqual([400, 'invalid_grant']);
    expect(sb.requests.some((r) => 'token' in r.query)).toBe(false);
  });

  it('answers a non-admin 403 forbidden exactly as Google does, and its rate limit as 403 userRateLimitExceeded', async () => {
    const c = sb.seedCustomer({ domain: 'member.example.com', users: 2 });
    const { tokens } = await oauth().getToken(sb.authorize({ customerId: c.id, admin: false, redirectUri: REDIRECT }));
    const err = await dir(tokens.access_token!)
      .users.list({ customer: 'my_customer' })
      .catch((e: any) => e);
    expect([err.status, err.response.data]).toEqual([
      403,
      {
        error: {
          code: 403,
          message: 'Not Authorized to access this resource/api',
          errors: [{ domain: 'global', reason: 'forbidden', message: 'Not Authorized to access this resource/api' }],
        },
      },
    ]);
    const adminGrant = await oauth().getToken(sb.authorize({ customerId: c.id, admin: true, redirectUri: REDIRECT }));
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        dir(adminGrant.tokens.access_token!)
          .domains.list({ customer: 'my_customer' })
          .then(
            (r) => r.status,
            (e: any) => `${e.status} ${e.response.data.error.errors[0].reason}`,
          ),
      ),
    );
    expect(answers.filter((a) => a === 200)).toHaveLength(5);
    expect(answers.filter((a) => a === '403 userRateLimitExceeded')).toHaveLength(3);
  });

  it('validates users.list parameters and serves domains.list', async () => {
    const c = sb.seedCustomer({ domain: 'params.example.com', secondaryDomains: ['params.example.org'], users: 1 });
    const { tokens } = await oauth().getToken(sb.authorize({ customerId: c.id, admin: true, redirectUri: REDIRECT }));
    const bad = await dir(tokens.access_token!)
      .users.list({ customer: 'my_customer', maxResults: 501 })
      .catch((e: any) => e.status);
    expect(bad).toBe(400);
    const domains = (await dir(tokens.access_token!).domains.list({ customer: 'my_customer' })).data.domains!;
    expect(domains.map((d) => [d.domainName, d.isPrimary])).toEqual([
      ['params.example.com', true],
      ['params.example.org', false],
    ]);
    const users = await dir(tokens.access_token!).users.list({ customer: c.id, maxResults: 500, projection: 'basic' });
    expect(users.data).toEqual({ kind: 'admin#directory#users', etag: expect.any(String), users: [c.users[0]] });
  });
});
