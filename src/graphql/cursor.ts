import { AppError } from '../lib/errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

/** An opaque cursor that names the list it belongs to, so a cursor from another list is refused. */
export function encodeCursor(list: string, key: string): string {
  return Buffer.from(`${list}|${key}`, 'utf8').toString('base64url');
}

/** The key inside a cursor of `list`; a cursor of another list or garbage is BAD_USER_INPUT. */
export function decodeCursor(list: string, cursor: string | null | undefined): string | null {
  if (cursor === null || cursor === undefined) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const sep = text.indexOf('|');
  if (sep < 0 || text.slice(0, sep) !== list) {
    throw new AppError('BAD_USER_INPUT', 'INVALID_CURSOR', 'The `after` cursor does not belong to this list; pass an endCursor from the same query.');
  }
  return text.slice(sep + 1);
}

/** Validates `first`: 0 to 100, default 50. */
export function pageSize(first: number | null | undefined): number {
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAGE_SIZE) {
    throw new AppError('BAD_USER_INPUT', 'PAGE_SIZE_OUT_OF_RANGE', `\`first\` must be between 0 and ${MAX_PAGE_SIZE}; got ${n}.`);
  }
  return n;
}
