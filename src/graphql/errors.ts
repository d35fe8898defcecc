import { GraphQLError } from 'graphql';
import { AppError, type ErrorCode } from '../lib/errors';

const httpStatus: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/** The GraphQL form of a domain error: its code and reason in `extensions`, and the HTTP status for auth failures. */
export function toGraphQLError(err: AppError): GraphQLError {
  const status = httpStatus[err.code];
  return new GraphQLError(err.message, {
    extensions: { code: err.code, reason: err.reason, ...(status ? { http: { status } } : {}) },
    originalError: err,
  });
}

/** The domain error behind an error Apollo wrapped (a resolver's throw), if there is one. */
export function domainError(error: unknown): AppError | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { originalError?: unknown }).originalError, depth++) {
    if (e instanceof AppError) return e;
  }
  return null;
}
