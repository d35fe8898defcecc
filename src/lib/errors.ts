import { GraphQLError } from 'graphql';

/** The stable codes a client can branch on (`extensions.code`). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'INTERNAL';

const httpStatus: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/**
 * A client-facing error: a general `code`, a finer `reason` (e.g. OAUTH_STATE_EXPIRED) and a sentence a
 * person can act on. Anything else thrown is masked as INTERNAL before it reaches a client.
 */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, reason: string, message: string) {
    const status = httpStatus[code];
    super(message, { extensions: { code, reason, ...(status ? { http: { status } } : {}) } });
  }
}

export const notFound = (what: string, id: string): AppError =>
  new AppError('NOT_FOUND', `${what.toUpperCase()}_NOT_FOUND`, `No ${what} with id "${id}" exists in your organisation.`);
