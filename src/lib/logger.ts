import { Stream } from 'node:stream';
import pino, { type Logger } from 'pino';
import { CENSOR, isSecretKey, redactSecrets } from './redact';

export type { Logger };

/** Paths whose values are secrets; pino replaces them before a line is written (redactSecrets does the same at any depth). */
export const redactPaths = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  '*.access_token',
  '*.refresh_token',
  'accessToken',
  'refreshToken',
  '*.accessToken',
  '*.refreshToken',
  'code',
  '*.code_verifier',
  'client_secret',
  '*.client_secret',
];

/** Errors are serialised as pino does and then redacted (also for pino-http's request logger). */
export const errSerializer = (err: unknown): unknown => redactSecrets(err);

/**
 * Every logged object is walked for secret-named keys at any depth (src/lib/redact.ts); `err` is left to its
 * serializer, and a request or response (a stream) to pino-http's, which pick the few fields worth logging.
 */
function redactLogObject(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    if (key === 'err' || value instanceof Stream) out[key] = value;
    else out[key] = isSecretKey(key) ? CENSOR : redactSecrets(value);
  }
  return out;
}

/**
 * The one logger factory: JSON lines, secrets redacted by pino's paths and by key name at any depth. `pretty`
 * (LOG_FORMAT=pretty) renders the same lines for a terminal through pino-pretty; redaction happens before either.
 */
export function createLogger(level: string, destination?: pino.DestinationStream, pretty = false): Logger {
  const options = {
    level,
    redact: { paths: redactPaths, censor: '[REDACTED]' },
    base: { service: 'layer-identity-graph' },
    serializers: { err: errSerializer },
    formatters: { log: redactLogObject },
  };
  if (pretty && !destination)
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } });
  return pino(options, destination);
}
