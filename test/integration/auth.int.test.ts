import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { type Harness, JWT_SECRET, newTenant, startHarness } from '../support/harness';
import { type JwksServer, makeKey, signWith, startJwksServer, type TestKey, unsigned } from '../support/jwks';

const ISSUER = 'https://idp.example.test/';
const AUDIENCE = 'https://api.layer.test';
const ROLES = 'https://layer.test/roles'; // Auth0-style namespaced custom claim
const Q = '{ connections { id: connectionId } tenantDomains { source } }';
const IDP = { issuer: ISSUER, audience: AUDIENCE };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The reason a request was refused with (or "ok"), checking the code and the 401. */
async function outcome(h: Harness, token: string): Promise<string> {
  const res = await h.gql(Q, {}, { header: `Bearer ${token}` });
  if (!res.errors) return 'ok';
  const { code, reason } = res.errors[0].extensions ?? {};
  return code === 'UNAUTHENTICATED' && res.status === 401 ? String(reason) : `${code}/${reason}/${res.status}`;
}

/** An HS256 token "signed" with a published RSA public key as its HMAC secret: the classic algorithm confusion. */
function hs256WithPublicKey(key: TestKey, claims: Record<string, unknown>): Promise<string> {
  const pem = (key.publicKey as KeyObject).export({ type: 'spki', format: 'pem' }) as string;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', kid: key.kid })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(pem));
}

describe('an identity provider (AUTH_JWKS_URL) beside AUTH_JWT_SECRET, with issuer and audience', () => {
  let h: Harness;
  let jwks: JwksServer;
  let rsa: TestKey;
  let ec: TestKey;
  let stranger: TestKey;
  const tenant = newTenant();
  const idp = (key: TestKey, claims: Record<string, unknown> = {}, o: Parameters<typeof signWith>[2] = {}) =>
    signWith(key, { tenant_id: tenant, sub: 'auth0|alice', ...claims }, { issuer: ISSUER, audience: AUDIENCE, ...o });

  beforeAll(async () => {
    [rsa, ec, stranger] = await Promise.all([makeKey('rsa-1', 'RS256'), makeKey('ec-1', 'ES256'), makeKey('rsa-x', 'RS256')]);
    jwks = await startJwksServer([rsa, ec]);
    h = await startHarness(
      { AUTH_JWKS_URL: jwks.url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: `other-api,${AUDIENCE}`, AUTH_ROLES_CLAIM: ROLES },
      { jwksTiming: { cooldownMs: 300, cacheMaxAgeMs: 60_000 } },
    );
  });
  afterAll(async () => {
    await h?.close();
    await jwks?.close();
  });

  it('accepts RS256 and ES256 tokens from the key set, and HS256 ones signed with the secret', async () => {
    expect(await outcome(h, await idp(rsa))).toBe('ok');
    expect(await outcome(h, await idp(ec))).toBe('ok');
    expect(await outcome(h, await h.token(tenant, { iss: ISSUER, aud: AUDIENCE }))).toBe('ok');
  });

  it('refuses each bad token with its own reason', async () => {
    const cases: [string, Promise<string> | string][] = [
      ['ALGORITHM_NONE', unsigned({ tenant_id: tenant, iss: ISSUER, aud: AUDIENCE })],
      ['WRONG_ISSUER', idp(rsa, {}, { issuer: 'https://evil.example.test/' })],
      ['WRONG_ISSUER', h.token(tenant, { aud: AUDIENCE })],
      ['WRONG_AUDIENCE', idp(ec, {}, { audience: 'https://someone-else.test' })],
      ['TOKEN_EXPIRED', idp(rsa, {}, { expiresIn: -300 })],
      ['TOKEN_NOT_YET_VALID', idp(rsa, {}, { notBefore: 300 })],
      ['MISSING_TENANT', idp(rsa, { tenant_id: undefined })],
      // An HS256 token keyed with the published public key meets only the secret here, and fails.
      ['INVALID_TOKEN', hs256WithPublicKey(rsa, { tenant_id: tenant })],
      // The right kid, another key's signature.
      ['INVALID_TOKEN', signWith(stranger, { tenant_id: tenant }, { kid: rsa.kid, issuer: ISSUER, audience: AUDIENCE })],
      ['MISSING_TOKEN', ''],
    ];
    for (const [reason, token] of cases) expect([reason, await outcome(h, await token)]).toEqual([reason, reason]);
    const none = await h.gql(Q, {}, { header: '' });
    expect(none.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MISSING_TOKEN' });
  });

  it('an unknown kid refetches the key set once, then not again within the cooldown', async () => {
    await sleep(400); // past the cooldown of any earlier fetch
    const before = jwks.fetches;
    expect(await outcome(h, await idp(stranger))).toBe('UNKNOWN_KEY');
    expect(jwks.fetches).toBe(before + 1);
    expect(await outcome(h, await idp(stranger, {}, { kid: 'rsa-y' }))).toBe('UNKNOWN_KEY');
    expect(jwks.fetches).toBe(before + 1);
  });

  it('reads roles from the configured claim, as a string or an array; no claim means AUTH_DEFAULT_ROLE (viewer by default)', async () => {
    const domains = 'mutation { setTenantDomains(domains: ["roles.example.test"]) { domains } }';
    const asViewer = await h.gql(domains, {}, { header: `Bearer ${await idp(rsa, { [ROLES]: 'viewer' })}` });
    expect(asViewer.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ADMIN_ROLE_REQUIRED' });
    const unknownRole = await h.gql(domains, {}, { header: `Bearer ${await idp(rsa, { [ROLES]: ['billing'] })}` });
    expect(unknownRole.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ADMIN_ROLE_REQUIRED' });
    // `roles` is not the configured claim here, so it counts for nothing.
    const wrongClaim = await h.gql(domains, {}, { header: `Bearer ${await idp(rsa, { roles: ['admin'], [ROLES]: ['viewer'] })}` });
    expect(wrongClaim.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    // Fails closed: a token that names no role may read and change nothing.
    const noClaim = await h.gql(domains, {}, { header: `Bearer ${await idp(rsa)}` });
    expect(noClaim.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ADMIN_ROLE_REQUIRED' });
    for (const token of [await idp(ec, { [ROLES]: ['viewer', 'admin'] }), await idp(rsa, { [ROLES]: 'admin' })]) {
      const res = await h.gql(domains, {}, { header: `Bearer ${token}` });
      expect(res.errors).toBeUndefined();
      expect(res.data.setTenantDomains.domains).toEqual(['roles.example.test']);
    }
  });
});

describe('an identity provider alone (no AUTH_JWT_SECRET), the default role, and a key rotation', () => {
  let h: Harness;
  let jwks: JwksServer;
  let k1: TestKey;
  let k2: TestKey;
  let k3: TestKey;
  const tenant = newTenant();
  const CACHE_MS = 1500;

  beforeAll(async () => {
    [k1, k2, k3] = await Promise.all([makeKey('2026-01', 'RS256'), makeKey('2026-02', 'ES256'), makeKey('2026-03', 'RS256')]);
    jwks = await startJwksServer([k1, k2]);
    h = await startHarness(
      { AUTH_JWT_SECRET: '', AUTH_JWKS_URL: jwks.url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE },
      { jwksTiming: { cooldownMs: 300, cacheMaxAgeMs: CACHE_MS } },
    );
  });
  afterAll(async () => {
    await h?.close();
    await jwks?.close();
  });

  it('refuses every HS256 token, the secret-signed and the public-key-signed alike', async () => {
    expect(
      await outcome(
        h,
        await new SignJWT({ tenant_id: tenant })
          .setProtectedHeader({ alg: 'HS256' })
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(JWT_SECRET)),
      ),
    ).toBe('ALGORITHM_NOT_ACCEPTED');
    expect(await outcome(h, await hs256WithPublicKey(k1, { tenant_id: tenant }))).toBe('ALGORITHM_NOT_ACCEPTED');
    expect(await outcome(h, unsigned({ tenant_id: tenant }))).toBe('ALGORITHM_NONE');
  });

  it('a token without a roles claim gets AUTH_DEFAULT_ROLE, by default a viewer, who may read but not write', async () => {
    const token = await signWith(k1, { tenant_id: tenant }, IDP);
    expect(await outcome(h, token)).toBe('ok');
    const res = await h.gql('mutation { setTenantDomains(domains: []) { source } }', {}, { header: `Bearer ${token}` });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ADMIN_ROLE_REQUIRED' });
    expect(res.status).toBe(403);
    expect(res.data ?? null).toBeNull();
  });

  it('rotates keys: both keys of the set work; a new key works at once; a removed key is refused after the refetch', async () => {
    const a = await signWith(k1, { tenant_id: tenant }, IDP);
    const b = await signWith(k2, { tenant_id: tenant }, IDP);
    expect([await outcome(h, a), await outcome(h, b)]).toEqual(['ok', 'ok']);

    // The provider publishes k3 beside k2 and retires k1.
    jwks.publish([k2, k3]);
    await sleep(400);
    const fetched = jwks.fetches;
    expect(await outcome(h, await signWith(k3, { tenant_id: tenant }, IDP))).toBe('ok'); // unknown kid: one refetch
    expect(jwks.fetches).toBe(fetched + 1);
    expect(await outcome(h, a)).toBe('UNKNOWN_KEY'); // that refetch no longer lists k1

    // A set that only dropped a key (no new kid to trigger a refetch) is reread once the cache is older than its max age.
    jwks.publish([k3]);
    expect(await outcome(h, b)).toBe('ok'); // still cached
    await sleep(CACHE_MS + 100);
    expect(await outcome(h, b)).toBe('UNKNOWN_KEY');
    expect(await outcome(h, await signWith(k3, { tenant_id: tenant }, IDP))).toBe('ok');
  });

  it('says UPSTREAM_UNAVAILABLE (JWKS_UNAVAILABLE) when the key set cannot be read', async () => {
    const token = await signWith(k3, { tenant_id: tenant }, IDP);
    await jwks.close();
    await sleep(CACHE_MS + 100);
    const res = await h.gql(Q, {}, { header: `Bearer ${token}` });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', reason: 'JWKS_UNAVAILABLE' });
    expect(h.logLines.join('')).toMatch(/Could not read the identity provider/);
  });
});

describe('the tenant claim', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('refuses a tenant that is missing, empty, not a string or longer than 128 characters (401, a stable reason)', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['MISSING_TENANT', { tenant_id: undefined }],
      ['MISSING_TENANT', { tenant_id: '' }],
      ['MISSING_TENANT', { tenant_id: 42 }],
      ['MISSING_TENANT', { tenant_id: ['acme'] }],
      ['MISSING_TENANT', { tenant_id: { id: 'acme' } }],
      ['INVALID_TENANT', { tenant_id: 'x'.repeat(129) }],
    ];
    for (const [reason, claims] of cases) {
      expect([JSON.stringify(claims), await outcome(h, await h.token('unused', claims))]).toEqual([JSON.stringify(claims), reason]);
    }
    expect(await outcome(h, await h.token('x'.repeat(128)))).toBe('ok');
  });

  it('compares tenant ids exactly: no trimming, no case folding', async () => {
    const tenant = 'Acme-' + newTenant();
    const set = await h.gql('mutation { setTenantDomains(domains: ["exact.example.test"]) { domains } }', {}, { tenant });
    expect(set.data.setTenantDomains.domains).toEqual(['exact.example.test']);
    for (const other of [tenant.toLowerCase(), tenant.toUpperCase(), ` ${tenant}`, `${tenant} `]) {
      const res = await h.gql('{ tenantDomains { domains } }', {}, { tenant: other });
      expect([other, res.data.tenantDomains.domains]).toEqual([other, []]);
    }
    const same = await h.gql('{ tenantDomains { domains } }', {}, { tenant });
    expect(same.data.tenantDomains.domains).toEqual(['exact.example.test']);
  });

  it('a token without a roles claim is a viewer unless AUTH_DEFAULT_ROLE says admin', async () => {
    const tenant = newTenant();
    const res = await h.gql(
      'mutation { setTenantDomains(domains: []) { source } }',
      {},
      { header: `Bearer ${await h.token(tenant, { roles: undefined })}` },
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ADMIN_ROLE_REQUIRED' });
  });
});
