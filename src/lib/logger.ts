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

/** The one logger factory: JSON lines, secrets redacted by pino itself. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactPaths, censor: '[REDACTED]' }, base: { service: 'layer-identity-graph' } }, destination);
}
