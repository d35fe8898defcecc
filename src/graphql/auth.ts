import { createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { AppError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { type Role, rolesOf } from './roles';

/** Who is calling: the tenant, the `sub` claim (or "unknown") as the actor, and the roles. */
export interface Caller {
  tenantId: string;
  actor: string;
  roles: Role[];
}

/** How jose's remote key set refetches (its defaults: 30 s cooldown, 10 min cache); tests shorten both. */
export interface JwksTiming {
  cooldownMs?: number;
  cacheMaxAgeMs?: number;
}

export interface AuthSettings {
  /** AUTH_JWT_SECRET: HS256 tokens are accepted only when it is set. */
  secret?: string;
  /** AUTH_JWKS_URL: RS256/ES256 tokens are accepted only when it is set. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string[];
  tenantClaim: string;
  rolesClaim: string;
  defaultRole: Role;
  jwks?: JwksTiming;
}

/** Identity providers' clocks and ours drift by seconds; a minute would let an expired token live noticeably longer. */
const CLOCK_TOLERANCE_SECONDS = 30;
const ASYMMETRIC = ['RS256', 'ES256'];

/**
 * Verifies `Authorization: Bearer <JWT>`. The token's own header chooses the key: HS256 the shared secret,
 * RS256/ES256 the identity provider's JWKS (by `kid`; jose refetches the set once for an unknown kid, at most
 * once per cooldown). Each algorithm is verified only against its own kind of key, so an HS256 token "signed"
 * with a published public key never meets that key. Issuer and audience, when configured, bind every token.
 */
export class Authenticator {
  /** The HS256 key, made once: given as bytes, jose would import them into a new KeyObject for every request. */
  private readonly secret: KeyObject | null;
  private readonly jwks: JWTVerifyGetKey | null;

  constructor(
    private readonly settings: AuthSettings,
    logger?: Logger,
  ) {
    this.secret = settings.secret ? createSecretKey(Buffer.from(settings.secret, 'utf8')) : null;
    this.jwks = settings.jwksUrl ? keySet(new URL(settings.jwksUrl), settings.jwks ?? {}, logger) : null;
  }

  /** The caller of a request, or UNAUTHENTICATED with a `reason` and a sentence that says what is wrong. */
  async authenticate(authorization: string | undefined): Promise<Caller> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    if (!match) throw unauthenticated('MISSING_TOKEN', 'Send `Authorization: Bearer <JWT>`.');
    const payload = await this.verify(match[1]);
    const tenant = tenantOf(payload, this.settings.tenantClaim);
    const actor = typeof payload.sub === 'string' && payload.sub.length > 0 ? payload.sub : 'unknown';
    return { tenantId: tenant, actor, roles: rolesOf(payload, this.settings.rolesClaim, this.settings.defaultRole) };
  }

  private async verify(token: string): Promise<JWTPayload> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw invalidToken();
    }
    if (!alg) throw invalidToken();
    if (alg.toLowerCase() === 'none') throw unauthenticated('ALGORITHM_NONE', 'Unsigned JWTs (alg "none") are never accepted.');
    const options = {
      algorithms: [alg],
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    };
    try {
      if (alg === 'HS256' && this.secret) return (await jwtVerify(token, this.secret, options)).payload;
      if (ASYMMETRIC.includes(alg) && this.jwks) return (await jwtVerify(token, this.jwks, options)).payload;
    } catch (err) {
      throw refusal(err);
    }
    throw unauthenticated('ALGORITHM_NOT_ACCEPTED', `JWTs signed with ${alg} are not accepted here; ${this.accepted()}.`);
  }

  private accepted(): string {
    const kinds = [
      this.secret && 'HS256 (AUTH_JWT_SECRET)',
      this.jwks && 'RS256 or ES256 from the identity provider (AUTH_JWKS_URL)',
    ].filter(Boolean);
    return `this server accepts ${kinds.join(' and ')}`;
  }
}

/** Longest tenant id accepted: ids are compared exactly, so a longer one can only be a mistake or a probe. */
export const MAX_TENANT_ID_LENGTH = 128;

/**
 * The organisation a token names. Missing, empty, not a string, or longer than 128 characters is refused with a
 * stable reason; the id is used exactly as sent (no trimming, no case folding), so "Acme" and "acme " are two
 * different tenants and neither can reach the other.
 */
function tenantOf(payload: JWTPayload, claim: string): string {
  const tenant = payload[claim];
  if (tenant === undefined || tenant === null || tenant === '') {
    throw unauthenticated('MISSING_TENANT', `The JWT has no "${claim}" claim naming the organisation.`);
  }
  if (typeof tenant !== 'string')
    throw unauthenticated('MISSING_TENANT', `The JWT's "${claim}" claim must be a string naming the organisation.`);
  if (tenant.length > MAX_TENANT_ID_LENGTH) {
    throw unauthenticated('INVALID_TENANT', `The JWT's "${claim}" claim is longer than ${MAX_TENANT_ID_LENGTH} characters.`);
  }
  return tenant;
}

/** jose's remote set, with its fetch failures told apart from "no such key": the former are ours, not the caller's. */
function keySet(url: URL, timing: JwksTiming, logger?: Logger): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(url, { cooldownDuration: timing.cooldownMs, cacheMaxAge: timing.cacheMaxAgeMs });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (err) {
      if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) throw err;
      logger?.error({ err, jwksUrl: url.href }, 'Could not read the identity provider’s key set (AUTH_JWKS_URL)');
      throw new AppError(
        'UPSTREAM_UNAVAILABLE',
        'JWKS_UNAVAILABLE',
        "The identity provider's signing keys cannot be read right now; try again shortly.",
      );
    }
  };
}

/** jose's typed errors, each mapped to its own reason; a bad signature stays INVALID_TOKEN, as clients already know it. */
function refusal(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof errors.JWTExpired) return unauthenticated('TOKEN_EXPIRED', 'The JWT has expired; get a new one.');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return unauthenticated('WRONG_ISSUER', 'The JWT was issued by another issuer than AUTH_ISSUER.');
    if (err.claim === 'aud') return unauthenticated('WRONG_AUDIENCE', 'The JWT is meant for another audience than AUTH_AUDIENCE.');
    if (err.claim === 'nbf') return unauthenticated('TOKEN_NOT_YET_VALID', 'The JWT is not valid yet (its nbf is in the future).');
    return unauthenticated('INVALID_CLAIMS', `The JWT's "${err.claim}" claim is not valid.`);
  }
  if (err instanceof errors.JWKSNoMatchingKey)
    return unauthenticated('UNKNOWN_KEY', "No key of the identity provider's key set matches the JWT's kid (or the key was retired).");
  if (err instanceof errors.JOSEAlgNotAllowed)
    return unauthenticated('ALGORITHM_NOT_ACCEPTED', 'The JWT’s algorithm is not accepted here.');
  return invalidToken();
}

const unauthenticated = (reason: string, message: string) => new AppError('UNAUTHENTICATED', reason, message);
const invalidToken = () => unauthenticated('INVALID_TOKEN', 'The JWT is malformed or its signature does not verify.');
