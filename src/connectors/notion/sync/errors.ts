import { NotionBlockedError } from '../notion.client';
import { APIErrorCode, APIResponseError, isNotionClientError, RequestTimeoutError, UnknownHTTPResponseError } from '@notionhq/client';

/** Notion said the token is no good: the integration was removed or the grant revoked. */
export const isUnauthorized = (err: unknown): boolean => APIResponseError.isAPIResponseError(err) && err.code === APIErrorCode.Unauthorized;

/** Notion said the grant may not read users (no user capability). */
export const isRestricted = (err: unknown): boolean =>
  APIResponseError.isAPIResponseError(err) && (err.code === APIErrorCode.RestrictedResource || err.status === 403);

/** A sentence for the run record (never request headers or tokens), or null for an error that is not Notion's. */
export function failureMessage(err: unknown): string | null {
  if (RequestTimeoutError.isRequestTimeoutError(err) || (err instanceof Error && err.name === 'TimeoutError')) {
    return 'Notion did not answer in time (NOTION_TIMEOUT_MS).';
  }
  // fetch's own errors may come from another realm (undici), so they are recognised by shape, not class.
  const e = err as { message?: unknown; cause?: unknown } | null;
  if (e && /terminated|fetch failed|other side closed|socket|ECONNRESET/i.test(`${String(e.message)} ${String(e.cause ?? '')}`)) {
    return 'The connection to Notion broke off before the answer was complete.';
  }
  if (APIResponseError.isAPIResponseError(err)) return `Notion answered ${err.status} ${err.code}: ${err.message}`;
  if (UnknownHTTPResponseError.isUnknownHTTPResponseError(err)) {
    const code = /"code"\s*:\s*"([a-z_]+)"/.exec(err.body)?.[1];
    return `Notion answered ${err.status}${code ? ` ${code}` : ''}.`;
  }
  if (isNotionClientError(err)) return `Notion answered unexpectedly (${err.code}).`;
  if (err instanceof SyntaxError) return 'Notion answered with a body that is not valid JSON.';
  if (err instanceof NotionBlockedError) return err.message;
  return null;
}
