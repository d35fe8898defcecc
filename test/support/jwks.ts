import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type KeyLike, SignJWT } from 'jose';

/** A signing key of the test identity provider: its private half signs, its public JWK is published. */
export interface TestKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: KeyLike;
  publicKey: KeyLike;
  jwk: JWK;
}

/** Makes a key pair with jose, as an identity provider would, and its public JWK with kid and alg. */
export async function makeKey(kid: string, alg: 'RS256' | 'ES256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A local JWKS endpoint on 127.0.0.1: the published keys can be changed, and fetches are counted. */
export interface JwksServer {
  url: string;
  fetches: number;
  publish(keys: TestKey[]): void;
  close(): Promise<void>;
}

export async function startJwksServer(keys: TestKey[]): Promise<JwksServer> {
  let published = keys;
  const state = { fetches: 0 };
  const server: Server = createServer((req, res) => {
    state.fetches++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: published.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get fetches() {
      return state.fetches;
    },
    publish(next) {
      published = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface SignOptions {
  kid?: string;
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for the past. */
  expiresIn?: number;
  notBefore?: number;
}

/** A JWT signed by `key` the way an identity provider signs its users' tokens. */
export function signWith(key: TestKey, claims: Record<string, unknown>, o: SignOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: o.kid ?? key.kid, typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(now + (o.expiresIn ?? 300));
  if (o.notBefore !== undefined) jwt.setNotBefore(now + o.notBefore);
  if (o.issuer) jwt.setIssuer(o.issuer);
  if (o.audience) jwt.setAudience(o.audience);
  return jwt.sign(key.privateKey);
}

/** An unsigned token (`alg: none`), which no server may accept. */
export function unsigned(claims: Record<string, unknown>): string {
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, exp: Math.floor(Date.now() / 1000) + 300 })}.`;
}
