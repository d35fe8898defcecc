import { randomBytes } from 'node:crypto';
import { enabledGroups, loadEnv } from '../../src/config/env';

const valid = {
  NEO4J_URI: 'bolt://127.0.0.1:7687',
  NOTION_CLIENT_ID: 'id',
  NOTION_CLIENT_SECRET: 'secret',
  NOTION_REDIRECT_URI: 'https://app.example.com/callback',
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  AUTH_JWT_SECRET: 'x'.repeat(32),
};

describe('loadEnv', () => {
  it('applies the documented defaults', () => {
    expect(loadEnv(valid)).toMatchObject({
      PORT: 4000,
      NEO4J_DATABASE: 'neo4j',
      NOTION_API_BASE_URL: 'https://api.notion.com',
      NOTION_AUTHORIZE_URL: 'https://api.notion.com/v1/oauth/authorize',
      SYNC_CRON: '0 */6 * * *',
      AUTH_TENANT_CLAIM: 'tenant_id',
    });
  });

  it('names every bad or missing value in one error', () => {
    const attempt = () =>
      loadEnv({ ...valid, PORT: 'abc', TOKEN_ENCRYPTION_KEY: 'short', NOTION_CLIENT_ID: undefined, NEO4J_URI: 'http://x' });
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/TOKEN_ENCRYPTION_KEY: must be 32 bytes/);
    expect(attempt).toThrow(/NOTION_CLIENT_ID/);
    expect(attempt).toThrow(/NEO4J_URI/);
  });

  it('takes each connector as a group: all set (on), all unset (off), half set refused naming what is missing', () => {
    const { NOTION_CLIENT_ID: _id, NOTION_CLIENT_SECRET: _secret, NOTION_REDIRECT_URI: _uri, ...none } = valid;
    expect(enabledGroups(loadEnv(valid))).toEqual(['Notion']);
    expect(enabledGroups(loadEnv(none))).toEqual([]);
    expect(() => loadEnv({ ...none, NOTION_CLIENT_ID: 'id' })).toThrow(
      /NOTION_CLIENT_SECRET, NOTION_REDIRECT_URI: Notion is half configured/,
    );
  });

  it('needs AUTH_JWKS_URL, AUTH_JWT_SECRET or both; an empty value counts as unset', () => {
    const { AUTH_JWT_SECRET: _secret, ...noSecret } = valid;
    expect(() => loadEnv(noSecret)).toThrow(/AUTH_JWKS_URL: set AUTH_JWKS_URL .* AUTH_JWT_SECRET \(HS256\), or both/);
    expect(() => loadEnv({ ...noSecret, AUTH_JWT_SECRET: '' })).toThrow(/AUTH_JWKS_URL: set AUTH_JWKS_URL/);
    const idp = loadEnv({
      ...noSecret,
      AUTH_JWT_SECRET: '',
      AUTH_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json',
      AUTH_ISSUER: 'https://idp.example.com/',
      AUTH_AUDIENCE: 'a, b',
    });
    expect(idp).toMatchObject({
      AUTH_JWT_SECRET: undefined,
      AUTH_AUDIENCE: ['a', 'b'],
      AUTH_ROLES_CLAIM: 'roles',
      AUTH_DEFAULT_ROLE: 'viewer',
      AUDIT_RETENTION_DAYS: 400,
    });
    expect(() => loadEnv({ ...valid, AUTH_JWKS_URL: 'ftp://idp.example.com/keys', AUTH_DEFAULT_ROLE: 'owner' })).toThrow(
      /AUTH_JWKS_URL[\s\S]*AUTH_DEFAULT_ROLE/,
    );
  });

  it('fails closed: a key set needs AUTH_ISSUER and AUTH_AUDIENCE, and a token without roles is a viewer', () => {
    const jwks = { ...valid, AUTH_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json' };
    expect(() => loadEnv(jwks)).toThrow(/AUTH_ISSUER: required with AUTH_JWKS_URL[\s\S]*AUTH_AUDIENCE: required with AUTH_JWKS_URL/);
    expect(() => loadEnv({ ...jwks, AUTH_ISSUER: 'https://idp.example.com/' })).toThrow(/AUTH_AUDIENCE: required with AUTH_JWKS_URL/);
    expect(() => loadEnv({ ...jwks, AUTH_AUDIENCE: 'api' })).toThrow(/AUTH_ISSUER: required with AUTH_JWKS_URL/);
    expect(loadEnv({ ...jwks, AUTH_ISSUER: 'https://idp.example.com/', AUTH_AUDIENCE: 'api' }).AUTH_JWKS_URL).toBe(jwks.AUTH_JWKS_URL);
    expect(loadEnv(valid).AUTH_DEFAULT_ROLE).toBe('viewer');
    expect(loadEnv({ ...valid, AUTH_DEFAULT_ROLE: 'admin' }).AUTH_DEFAULT_ROLE).toBe('admin');
  });
});
