/** The stable codes a client can branch on (`extensions.code` once the GraphQL edge maps the error). */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'UPSTREAM_UNAVAILABLE' | 'INTERNAL';

/**
 * A domain error with a general `code`, a finer `reason` (e.g. OAUTH_STATE_EXPIRED) and a sentence a person can
 * act on. The data and connector layers throw it; only the GraphQL edge (src/graphql/errors.ts) turns it into
 * a GraphQL error. Anything else thrown is masked as INTERNAL before it reaches a client.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, id: string): AppError =>
  new AppError('NOT_FOUND', `${what.toUpperCase()}_NOT_FOUND`, `No ${what} with id "${id}" exists in your organisation.`);
