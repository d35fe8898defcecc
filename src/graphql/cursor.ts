import { AppError } from '../lib/errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

const invalid = () =>
  new AppError(
    'BAD_USER_INPUT',
    'INVALID_CURSOR',
    'The `after` cursor does not belong to this list; pass an endCursor from the same query.',
  );

/** An opaque cursor that names the list (and order) it belongs to, so a cursor from another list is refused. */
export function encodeCursor(list: string, key: string): string {
  return Buffer.from(`${list}|${key}`, 'utf8').toString('base64url');
}

/**
 * The key inside a cursor of `list`, checked by `valid`; a cursor of another list, a forged key or garbage
 * is BAD_USER_INPUT (INVALID_CURSOR).
 */
export function decodeCursor(list: string, cursor: string | null | undefined, valid: (key: string) => boolean = () => true): string | null {
  if (cursor === null || cursor === undefined) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const sep = text.indexOf('|');
  if (sep < 0 || text.slice(0, sep) !== list) throw invalid();
  const key = text.slice(sep + 1);
  if (!valid(key)) throw invalid();
  return key;
}

/** A "<datetime>|<id>" key, as time-ordered lists (runs, changes) record it. */
export function isTimeKey(key: string): boolean {
  const [time, id, ...rest] = key.split('|');
  return rest.length === 0 && !!id && !Number.isNaN(Date.parse(time));
}

/** Validates `first`: 0 to 100, default 50. */
export function pageSize(first: number | null | undefined): number {
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAGE_SIZE) {
    throw new AppError('BAD_USER_INPUT', 'PAGE_SIZE_OUT_OF_RANGE', `\`first\` must be between 0 and ${MAX_PAGE_SIZE}; got ${n}.`);
  }
  return n;
}

/** A Relay page from items and their keys: edges with cursors and pageInfo. */
export function relayPage<T>(list: string, items: T[], keys: string[], hasNextPage: boolean, after: string | null) {
  const edges = items.map((node, i) => ({ node, cursor: encodeCursor(list, keys[i]) }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
