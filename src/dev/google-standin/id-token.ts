import { createHmac, randomBytes } from 'node:crypto';

const secret = randomBytes(32);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/**
 * An ID token shaped like Google's (iss, aud, sub, email, email_verified, hd). Signed with a key nobody else
 * knows: the connector reads it without a signature check, as OpenID Connect Core 3.1.3.7 allows for a token
 * taken straight from the token endpoint, so no key needs to be published.
 */
export function idToken(claims: { aud: string; sub: string; email: string; hd: string | null }): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: 'https://accounts.google.com',
    azp: claims.aud,
    aud: claims.aud,
    sub: claims.sub,
    email: claims.email,
    email_verified: true,
    ...(claims.hd ? { hd: claims.hd } : {}),
    iat: now,
    exp: now + 3600,
  };
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'standin' })}.${b64(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}
