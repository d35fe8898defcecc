import { SignJWT } from 'jose';
import type { Env } from '../config/env';

/** A JWT the API accepts for `tenant`, signed HS256 with AUTH_JWT_SECRET, valid for `ttl` (e.g. "12h"). */
export function mintToken(env: Pick<Env, 'AUTH_JWT_SECRET' | 'AUTH_TENANT_CLAIM'>, tenant: string, ttl: string, subject: string): Promise<string> {
  return new SignJWT({ [env.AUTH_TENANT_CLAIM]: tenant })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(env.AUTH_JWT_SECRET));
}
