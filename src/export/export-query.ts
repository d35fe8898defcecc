/** A refused export request: 400 with a reason and a sentence, like GraphQL's BAD_USER_INPUT. */
export class ExportInputError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** The longest a string filter may be, as in GraphQL. */
export const MAX_FILTER_LENGTH = 256;

/**
 * An export's query parameters, read with the same meaning as the GraphQL field's filter: each accessor
 * validates its parameter (a repeated one, an unknown value or a too-long string is refused with a reason).
 */
export class ExportQuery {
  constructor(
    private readonly raw: Record<string, unknown>,
    /** The Provider enum's names (NOTION) and their stored ids (notion). */
    private readonly providers: Record<string, string>,
  ) {}

  /** Parameters the export does not take, so a misspelt filter is refused instead of exporting everyone. */
  unknown(allowed: readonly string[]): string[] {
    return Object.keys(this.raw).filter((k) => !allowed.includes(k));
  }

  string(name: string): string | null {
    const v = this.raw[name];
    if (v === undefined || v === '') return null;
    if (typeof v !== 'string') throw new ExportInputError('INVALID_FILTER', `Give \`${name}\` once.`);
    if (v.length > MAX_FILTER_LENGTH) {
      throw new ExportInputError('FILTER_TOO_LONG', `\`${name}\` is longer than ${MAX_FILTER_LENGTH} characters.`);
    }
    return v;
  }

  boolean(name: string): boolean | null {
    const v = this.string(name);
    if (v === null) return null;
    if (v !== 'true' && v !== 'false') throw new ExportInputError('INVALID_FILTER', `\`${name}\` is true or false; got "${v}".`);
    return v === 'true';
  }

  enum(name: string, values: readonly string[]): string | null {
    const v = this.string(name);
    if (v !== null && !values.includes(v)) {
      throw new ExportInputError('INVALID_FILTER', `\`${name}\` is one of ${values.join(', ')}; got "${v}".`);
    }
    return v;
  }

  /** A comma-separated list of enum values (`employmentStatus=SUSPENDED,DELETED`). */
  enums(name: string, values: readonly string[]): string[] | null {
    const v = this.string(name);
    if (v === null) return null;
    const list = v.split(',').map((s) => s.trim());
    const bad = list.filter((s) => !values.includes(s));
    if (bad.length) throw new ExportInputError('INVALID_FILTER', `\`${name}\` takes ${values.join(', ')}; got "${bad.join(', ')}".`);
    return list;
  }

  /** A Provider enum name (NOTION), as the stored provider id. */
  provider(name: string): string | null {
    const v = this.enum(name, Object.keys(this.providers));
    return v === null ? null : this.providers[v];
  }

  /** The Boolean and enum parameters given, for the audit trail (strings are never kept, as for mutations). */
  options(booleansAndEnums: readonly string[]): string | null {
    const kept = booleansAndEnums.filter((k) => typeof this.raw[k] === 'string' && this.raw[k] !== '');
    return kept.length ? JSON.stringify(Object.fromEntries(kept.map((k) => [k, this.raw[k]]))) : null;
  }
}
