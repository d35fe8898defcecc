import { SignJWT } from 'jose';
import { ConfigError, type Env } from '../config/env';

export type TokenSettings = Pick<Env, 'AUTH_JWT_SECRET' | 'AUTH_TENANT_CLAIM' | 'AUTH_ROLES_CLAIM' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'>;

/**
 * A JWT the API accepts for `tenant`, signed HS256 with AUTH_JWT_SECRET, valid for `ttl` (e.g. "12h"). It carries
 * AUTH_ISSUER and AUTH_AUDIENCE when they are set (the API checks them on every token), and always an explicit `role`.
 */
export function mintToken(
  env: TokenSettings,
  tenant: string,
  ttl: string,
  subject: string,
  role: 'admin' | 'viewer' = 'admin',
): Promise<string> {
  if (!env.AUTH_JWT_SECRET) {
    throw new ConfigError(
      'Invalid configuration:\n  - AUTH_JWT_SECRET: needed to mint tokens (with only AUTH_JWKS_URL, tokens come from your identity provider)',
    );
  }
  const jwt = new SignJWT({ [env.AUTH_TENANT_CLAIM]: tenant, [env.AUTH_ROLES_CLAIM]: [role] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(ttl);
  if (env.AUTH_ISSUER) jwt.setIssuer(env.AUTH_ISSUER);
  if (env.AUTH_AUDIENCE?.length) jwt.setAudience(env.AUTH_AUDIENCE);
  return jwt.sign(new TextEncoder().encode(env.AUTH_JWT_SECRET));
}
