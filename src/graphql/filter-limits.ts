import { getMetadataStorage, type ValidatorFn } from 'type-graphql';
import { AppError } from '../lib/errors';

/** The longest text any filter field accepts. */
export const MAX_FILTER_LENGTH = 256;

/**
 * type-graphql's `validateFn`, run on every argument before its resolver: every string of every filter input
 * type (an input type whose name ends in `Filter`, such as UserFilter and AppFilter, today's and any added later)
 * is at most MAX_FILTER_LENGTH characters, or BAD_USER_INPUT / FILTER_TOO_LONG naming the field. One check for
 * the whole schema, so no resolver repeats it. Other arguments return at once (this runs for field resolvers too).
 */
export function filterLimits(): ValidatorFn {
  const filters = new Map(
    getMetadataStorage()
      .inputTypes.filter((t) => t.name.endsWith('Filter'))
      .map((t) => [t.target, t.name]),
  );
  return (value, type) => {
    const name = typeof type === 'function' ? filters.get(type) : undefined;
    if (name && value && typeof value === 'object') checkStrings(value as Record<string, unknown>, name);
  };
}

function checkStrings(input: Record<string, unknown>, path: string): void {
  for (const [key, value] of Object.entries(input)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' && item.length > MAX_FILTER_LENGTH) {
        throw new AppError(
          'BAD_USER_INPUT',
          'FILTER_TOO_LONG',
          `${path}.${key} is ${item.length} characters long; a filter accepts at most ${MAX_FILTER_LENGTH}.`,
        );
      }
      if (item && typeof item === 'object') checkStrings(item as Record<string, unknown>, `${path}.${key}`);
    }
  }
}
