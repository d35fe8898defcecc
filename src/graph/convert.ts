import neo4j from 'neo4j-driver';

/** Turns driver values into plain JS: Integer → number, temporal → Date, Node/Relationship → properties. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  // Strings, numbers and booleans (most values of a page) need no driver type checks (ADR 0010).
  if (typeof value !== 'object') return value;
  if (neo4j.isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (neo4j.isDateTime(value)) return value.toStandardDate();
  if (neo4j.isDate(value)) return value.toString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object') {
    const v = value as { properties?: object; labels?: unknown; type?: unknown };
    const source = v.properties && (v.labels || v.type) ? v.properties : value;
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(source)) out[k] = toPlain(inner);
    return out;
  }
  return value;
}
