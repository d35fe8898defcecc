import { AppError } from '../lib/errors';

/**
 * The redirect URI an authorization may send the browser back to (an open redirect would hand the code to
 * whoever chose the URL): the provider's registered one when none is given; else a URL with the registered
 * one's origin, or with an origin of OAUTH_REDIRECT_ORIGINS (a staging frontend). Anything else is
 * BAD_USER_INPUT / REDIRECT_URI_NOT_ALLOWED; what is not an absolute http(s) URL is INVALID_REDIRECT_URI.
 */
export function allowedRedirectUri(given: string | null | undefined, registered: string, extraOrigins: readonly string[]): string {
  if (given === null || given === undefined) return registered;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('BAD_USER_INPUT', 'INVALID_REDIRECT_URI', `redirectUri "${given.slice(0, 200)}" is not an absolute http(s) URL.`);
  if (url.origin === new URL(registered).origin || extraOrigins.includes(url.origin)) return url.toString();
  throw new AppError(
    'BAD_USER_INPUT',
    'REDIRECT_URI_NOT_ALLOWED',
    `redirectUri "${given.slice(0, 200)}" is not on an allowed origin (${[new URL(registered).origin, ...extraOrigins].join(', ')}); ` +
      'an operator can add one to OAUTH_REDIRECT_ORIGINS.',
  );
}
