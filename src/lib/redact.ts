import { Stream } from 'node:stream';
import { stdSerializers } from 'pino';

/** Key names whose values are secrets wherever they sit in a logged object (compared lower-cased, without `_` and `-`). */
const SECRET_KEYS = new Set(
  [
    'access_token',
    'refresh_token',
    'id_token',
    'token',
    'authorization',
    'proxy-authorization',
    'cookie',
    'set-cookie',
    'client_secret',
    'code',
    'code_verifier',
    'password',
    'api_key',
    'x-api-key',
  ].map(normalise),
);

/** Secrets inside strings: `key=value` pairs of a query string or form body, and bearer credentials. */
const SECRET_PAIR = /\b(access_token|refresh_token|id_token|token|client_secret|code|code_verifier|password)=[^&\s"']*/gi;
const BEARER = /\b(Bearer\s+[\w.~+/-]+=*|Basic\s+[A-Za-z0-9+/]{8,}={0,2})/gi;

export const CENSOR = '[REDACTED]';
/** Deeper than this, or past this many values, the rest of a log object is left out rather than walked. */
const MAX_DEPTH = 10;
const MAX_NODES = 2000;

function normalise(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

/** True for a key whose value is never logged. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(normalise(key));
}

/** `value` with secrets inside it (`code=…`, `access_token=…`, bearer credentials) replaced. */
export function redactText(value: string): string {
  if (!value.includes('=') && !/bearer|basic/i.test(value)) return value;
  return value.replace(SECRET_PAIR, `$1=${CENSOR}`).replace(BEARER, (m) => `${m.split(/\s/)[0]} ${CENSOR}`);
}

/** An error's own `code` that names a kind of failure (ECONNRESET, Neo.ClientError…, BAD_USER_INPUT) is kept: no OAuth code looks like one. */
const ERROR_CODE = /^[A-Z][A-Za-z0-9_.]{1,80}$/;

/**
 * A copy of `value` with every secret-named key's value replaced, at any depth: in plain objects, arrays, class
 * instances and errors (serialised the way pino does, so `err.response.config.headers.Authorization` is reached).
 * Cycles become "[Circular]"; past MAX_DEPTH or MAX_NODES the rest becomes "[Truncated]", so a huge object costs
 * a bounded walk. Values with their own JSON form (Date, Buffer) are kept as they are.
 */
export function redactSecrets(value: unknown): unknown {
  const seen = new WeakSet<object>();
  let nodes = 0;
  const walk = (v: unknown, depth: number, isError = false): unknown => {
    if (typeof v === 'string') return redactText(v);
    if (v === null || typeof v !== 'object') return v;
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) return '[Truncated]';
    if (seen.has(v)) return '[Circular]';
    seen.add(v);
    if (v instanceof Error) return walk(stdSerializers.err(v), depth, true);
    // Requests, responses and sockets are not data: their own serializers (pino-http's) say what of them to log.
    if (v instanceof Stream) return '[Stream]';
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      const item = (v as Record<string, unknown>)[key];
      if (isError && key === 'code' && typeof item === 'string' && ERROR_CODE.test(item)) out[key] = item;
      else out[key] = isSecretKey(key) ? CENSOR : walk(item, depth + 1);
    }
    return out;
  };
  return walk(value, 0);
}
