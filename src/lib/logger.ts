import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths whose values are secrets; pino replaces them before a line is written. */
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

/**
 * The one logger factory: JSON lines, secrets redacted by pino itself. `pretty` (LOG_FORMAT=pretty) renders
 * the same lines for a terminal through pino-pretty; redaction happens before either.
 */
export function createLogger(level: string, destination?: pino.DestinationStream, pretty = false): Logger {
  const options = { level, redact: { paths: redactPaths, censor: '[REDACTED]' }, base: { service: 'layer-identity-graph' } };
  if (pretty && !destination)
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } });
  return pino(options, destination);
}
