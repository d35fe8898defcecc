import { SCOPES } from '../../src/connectors/google-workspace/oauth';
import type { GoogleSandbox } from '../../src/dev/google-standin';
import { AppError } from '../../src/lib/errors';
import { connectorFor, listAll, REDIRECT, startSandbox } from '../support/google';

let sb: GoogleSandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

describe('Google Workspace OAuth through google-auth-library, against the stand-in', () => {
  it('builds the consent URL: offline access, forced consent, the four scopes and the state', () => {
    const { connector } = connectorFor(sb);
    const url = new URL(connector.oauth.authorizationUrl('state-123', REDIRECT));
    expect(url.origin + url.pathname).toBe(`${sb.url}/o/oauth2/v2/auth`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'google-test-client',
      redirect_uri: REDIRECT,
      response_type: 'code',
      access_type: 'offline',
      prompt: 'consent',
      scope: SCOPES.join(' '),
      state: 'state-123',
    });
    expect(connector.oauth.defaultRedirectUri).toBe(REDIRECT);
    expect([connector.provider, connector.displayName, connector.labels, connector.directory]).toEqual([
      'google_workspace',
      'Google Workspace',
      { app: 'GoogleWorkspace', account: 'GoogleUser' },
      true,
    ]);
  });

  it('exchanges an admin code for a grant keyed by the customer id, named by the primary domain, owned by the id_token email', async () => {
    const c = sb.seedCustomer({ domain: 'acme.example.com', secondaryDomains: ['acme.example.org'], users: 3 });
    const { connector, observed } = connectorFor(sb);
    const grant = await connector.oauth.exchangeCode(sb.authorize({ customerId: c.id, admin: true, redirectUri: REDIRECT }), REDIRECT);
    expect(grant).toEqual({
      accessToken: sb.tokens(c.id).accessTokens[0],
      refreshToken: sb.tokens(c.id).refreshTokens[0],
      app: {
        id: c.id,
        name: 'acme.example.com',
        iconUrl: null,
        attributes: { customerId: c.id, primaryDomain: 'acme.example.com', directoryAccess: true },
      },
      ownerEmail: 'admin@acme.example.com',
    });
    expect(observed).toEqual(['oauth.token 200', 'users.list 200', 'domains.list 200']);
    expect(await connector.source(grant.accessToken, c.id, new AbortController().signal).domains!()).toEqual([
      'acme.example.com',
      'acme.example.org',
    ]);
    const reused = await connector.oauth.exchangeCode('4/0never-issued', REDIRECT).catch((e: unknown) => e);
    expect(reused instanceof AppError && reused.reason).toBe('OAUTH_CODE_REJECTED');
  });

  it("keys a non-admin's grant by the id_token's hd, and its sync is classified restricted", async () => {
    const c = sb.seedCustomer({ domain: 'member.example.com', users: 3 });
    const { connector } = connectorFor(sb);
    const grant = await connector.oauth.exchangeCode(sb.authorize({ customerId: c.id, admin: false, redirectUri: REDIRECT }), REDIRECT);
    expect([grant.app, grant.ownerEmail]).toEqual([
      {
        id: 'member.example.com',
        name: 'member.example.com',
        iconUrl: null,
        attributes: { customerId: null, primaryDomain: 'member.example.com', directoryAccess: false },
      },
      'user1@member.example.com',
    ]);
    const source = connector.source(grant.accessToken, grant.app.id, new AbortController().signal);
    expect(await source.app()).toEqual(grant.app);
    const err = await listAll(connector, grant.accessToken, grant.app.id).catch((e: unknown) => e);
    expect(connector.classify(err)).toBe('restricted');
    expect(connector.failureMessage(err)).toMatch(/not a Workspace administrator/);
    expect(connector.texts.noMemberAccess).toMatch(/not a Google Workspace administrator/);
  });

  it('refreshes without a new refresh token (the core keeps its own), and the new access token reads the directory', async () => {
    const c = sb.seedCustomer({ domain: 'refresh.example.com', users: 2 });
    const { connector } = connectorFor(sb);
    const grant = await connector.oauth.exchangeCode(sb.authorize({ customerId: c.id, admin: true, redirectUri: REDIRECT }), REDIRECT);
    sb.expireAccessTokens(c.id);
    const expired = await listAll(connector, grant.accessToken, c.id).catch((e: unknown) => e);
    expect(connector.classify(expired)).toBe('unauthorized');
    const refreshed = await connector.oauth.refresh(grant.refreshToken!);
    expect(refreshed).toEqual({ accessToken: sb.tokens(c.id).accessTokens[1], refreshToken: null });
    expect(await listAll(connector, refreshed.accessToken, c.id)).toHaveLength(2);
  });

  it('revokes the grant (best effort), after which refresh fails with invalid_grant, classified unauthorized', async () => {
    const c = sb.seedCustomer({ domain: 'revoke.example.com', users: 1 });
    const { connector, observed } = connectorFor(sb);
    const grant = await connector.oauth.exchangeCode(sb.authorize({ customerId: c.id, admin: true, redirectUri: REDIRECT }), REDIRECT);
    expect(await connector.oauth.revoke(grant.accessToken)).toBe(true);
    expect(await connector.oauth.revoke(grant.accessToken)).toBe(false);
    expect(observed.filter((o) => o.startsWith('oauth.revoke'))).toEqual(['oauth.revoke 200', 'oauth.revoke 400']);
    const dead = await listAll(connector, grant.accessToken, c.id).catch((e: unknown) => e);
    expect(connector.classify(dead)).toBe('unauthorized');
    const refused = await connector.oauth.refresh(grant.refreshToken!).catch((e: unknown) => e);
    expect(connector.classify(refused)).toBe('unauthorized');
    expect(connector.failureMessage(refused)).toBe(
      'Google refused the stored refresh token (invalid_grant: expired or revoked); reconnect Google Workspace.',
    );
    expect(JSON.stringify(sb.requests)).not.toContain(grant.accessToken);
  });

  it("says an operator must check the client when Google rejects this server's credentials", async () => {
    const c = sb.seedCustomer({ domain: 'client.example.com', users: 1 });
    const { connector } = connectorFor(sb, { clientSecret: 'wrong' });
    const err = await connector.oauth
      .exchangeCode(sb.authorize({ customerId: c.id, admin: true, redirectUri: REDIRECT }), REDIRECT)
      .catch((e: unknown) => e);
    expect(err instanceof AppError && [err.code, err.reason]).toEqual(['INTERNAL', 'GOOGLE_CLIENT_REJECTED']);
  });
});
