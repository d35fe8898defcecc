import { readFileSync } from 'node:fs';
import type { Env } from '../../config/env';

/** Where GitHub is and who our GitHub App is; production points at GitHub, tests and the demo at the stand-in. */
export interface GitHubSettings {
  appId: string;
  slug: string;
  /** PEM (PKCS#1 or PKCS#8), real newlines. */
  privateKey: string;
  clientId: string;
  clientSecret: string;
  /** `https://api.github.com`, no trailing slash. */
  apiBaseUrl: string;
  /** `https://github.com`, no trailing slash. */
  webBaseUrl: string;
  timeoutMs: number;
  /** Milliseconds per second of a wait the plugins compute (retry-after, reset, backoff): 1000, less in tests. */
  waitUnitMs: number;
  /** plugin-retry's retries of one request (5xx, network). */
  maxRetries: number;
}

/** The private key from the variable (its `\n` escapes unfolded) or the file. */
function privateKeyOf(env: Env): string {
  const raw =
    env.GITHUB_APP_PRIVATE_KEY ?? (env.GITHUB_APP_PRIVATE_KEY_FILE ? readFileSync(env.GITHUB_APP_PRIVATE_KEY_FILE, 'utf8') : null);
  if (!raw) throw new Error('GITHUB_APP_ID is set without GITHUB_APP_PRIVATE_KEY or GITHUB_APP_PRIVATE_KEY_FILE');
  const pem = raw.replace(/\\n/g, '\n').trim();
  if (!/^-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem)) throw new Error('GITHUB_APP_PRIVATE_KEY is not a PEM private key');
  return pem;
}

/** The connector's settings, or null when GITHUB_APP_ID is unset (the connector is off). */
export function githubSettings(env: Env): GitHubSettings | null {
  if (!env.GITHUB_APP_ID) return null;
  // env.ts refuses a half-set group; this only guards a caller that built an Env by hand.
  if (!env.GITHUB_APP_SLUG || !env.GITHUB_CLIENT_ID || !env.GITHUB_CLIENT_SECRET)
    throw new Error('GITHUB_APP_ID is set without GITHUB_APP_SLUG, GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET');
  return {
    appId: env.GITHUB_APP_ID,
    slug: env.GITHUB_APP_SLUG,
    privateKey: privateKeyOf(env),
    clientId: env.GITHUB_CLIENT_ID,
    clientSecret: env.GITHUB_CLIENT_SECRET,
    apiBaseUrl: env.GITHUB_API_BASE_URL.replace(/\/+$/, ''),
    webBaseUrl: env.GITHUB_WEB_BASE_URL.replace(/\/+$/, ''),
    timeoutMs: env.GITHUB_TIMEOUT_MS,
    waitUnitMs: 1000,
    maxRetries: 3,
  };
}
