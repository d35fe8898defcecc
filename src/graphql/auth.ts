import { errors, jwtVerify } from 'jose';
import { AppError } from '../lib/errors';

/** Verifies `Authorization: Bearer <JWT>` (HS256) and returns the tenant named by the configured claim. */
export class Authenticator {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly tenantClaim: string,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** The tenant id of a request, or UNAUTHENTICATED with a sentence that says what is wrong. */
  async tenantOf(authorization: string | undefined): Promise<string> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    if (!match) throw unauthenticated('MISSING_TOKEN', 'Send `Authorization: Bearer <JWT>`.');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(match[1], this.key, { algorithms: ['HS256'] }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw unauthenticated('TOKEN_EXPIRED', 'The JWT has expired; get a new one.');
      throw unauthenticated('INVALID_TOKEN', 'The JWT is malformed or its signature does not verify.');
    }
    const tenant = payload[this.tenantClaim];
    if (typeof tenant !== 'string' || tenant.length === 0) {
      throw unauthenticated('MISSING_TENANT', `The JWT has no "${this.tenantClaim}" claim naming the organisation.`);
    }
    return tenant;
  }
}

const unauthenticated = (reason: string, message: string) => new AppError('UNAUTHENTICATED', reason, message);
