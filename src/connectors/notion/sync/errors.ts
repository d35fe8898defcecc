import { APIErrorCode, APIResponseError, isNotionClientError, RequestTimeoutError } from '@notionhq/client';

/** Notion said the token is no good: the integration was removed or the grant revoked. */
export const isUnauthorized = (err: unknown): boolean => APIResponseError.isAPIResponseError(err) && err.code === APIErrorCode.Unauthorized;

/** Notion said the grant may not read users (no user capability). */
export const isRestricted = (err: unknown): boolean =>
  APIResponseError.isAPIResponseError(err) && (err.code === APIErrorCode.RestrictedResource || err.status === 403);

/** A sentence for the run record; never includes request headers or tokens. */
export function failureMessage(err: unknown): string {
  if (RequestTimeoutError.isRequestTimeoutError(err)) return 'Notion did not answer in time.';
  if (APIResponseError.isAPIResponseError(err)) return `Notion answered ${err.status} ${err.code}: ${err.message}`;
  if (isNotionClientError(err)) return `Notion answered unexpectedly (${err.code}).`;
  if (err instanceof SyntaxError) return 'Notion answered with a body that is not valid JSON.';
  if (err instanceof Error) return err.message;
  return String(err);
}
