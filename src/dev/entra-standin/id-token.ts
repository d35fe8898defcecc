import { createHmac, randomBytes } from 'node:crypto';

const secret = randomBytes(32);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/**
 * An id_token shaped like the identity platform's v2.0 one (sheet §1: `tid`, `oid`, `preferred_username`, `iss`
 * of the tenant). Signed with a key nobody else knows: msal-node reads it from the token response over TLS
 * without checking a signature, as OpenID Connect Core 3.1.3.7 allows.
 */
export function idToken(issuerBase: string, claims: { aud: string; tid: string; oid: string; username: string; name: string }): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    aud: claims.aud,
    iss: `${issuerBase}/${claims.tid}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    name: claims.name,
    oid: claims.oid,
    preferred_username: claims.username,
    sub: createHmac('sha256', secret).update(`${claims.aud}:${claims.oid}`).digest('base64url').slice(0, 43),
    tid: claims.tid,
    ver: '2.0',
  };
  const unsigned = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'standin' })}.${b64(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** `client_info` of a token response: the account's home object and tenant (msal builds its account id from it). */
export const clientInfo = (oid: string, tid: string): string => Buffer.from(JSON.stringify({ uid: oid, utid: tid })).toString('base64url');
