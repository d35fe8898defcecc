/** The identity key across sources: the email trimmed, Unicode NFC (one spelling of `é`) and lower-cased. */
export function normaliseEmail(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase();
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** True for something that can key a person (one @, a dotted domain, no spaces inside). */
export function isUsableEmail(normalised: string): boolean {
  return normalised.length <= 320 && EMAIL_SHAPE.test(normalised);
}

/** Keeps only http(s) URLs; `javascript:`, `data:` and the like are dropped. */
export function safeHttpUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 2048) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}
