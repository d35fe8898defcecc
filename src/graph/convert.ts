import neo4j from 'neo4j-driver';

/**
 * Turns driver values into plain JS: Integer → number, temporal → Date, Node/Relationship → properties. Lists and
 * maps are converted in place (the driver builds them fresh for each result and nothing else holds them), so a
 * page's rows are not copied once more (ADR 0010, second amendment: allocation is a tenth of a read's CPU).
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  // Strings, numbers and booleans (most values of a page) need no driver type checks (ADR 0010).
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = toPlain(value[i]);
    return value;
  }
  if (neo4j.isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (neo4j.isDateTime(value)) return value.toStandardDate();
  if (neo4j.isDate(value)) return value.toString();
  const v = value as Record<string, unknown> & { properties?: Record<string, unknown>; labels?: unknown; type?: unknown };
  const source = v.properties && (v.labels || v.type) ? v.properties : v;
  for (const k of Object.keys(source)) source[k] = toPlain(source[k]);
  return source;
}
