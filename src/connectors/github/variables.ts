import { z } from 'zod';
import { declareVariables, unsetIfEmpty } from '../variables';

/**
 * GitHub's variables (docs/connectors/github.md). The group is all set (the connector is on) or none; the private
 * key comes from GITHUB_APP_PRIVATE_KEY or GITHUB_APP_PRIVATE_KEY_FILE (one of them, checked by settings.ts).
 */
export const githubVariables = declareVariables(
  'GITHUB_',
  ['GITHUB_APP_ID', 'GITHUB_APP_SLUG', 'GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET'],
  {
    /** The GitHub App's numeric App ID (its settings page, "About"). */
    GITHUB_APP_ID: unsetIfEmpty(z.string().regex(/^\d+$/, 'must be the numeric App ID')),
    /** The app's URL name: https://github.com/apps/<slug>. */
    GITHUB_APP_SLUG: unsetIfEmpty(z.string().regex(/^[a-z0-9][a-z0-9-]*$/i, 'must be the app slug of https://github.com/apps/<slug>')),
    /** The app's private key (PEM, PKCS#1 as GitHub downloads it, or PKCS#8); `\n` escapes are accepted. */
    GITHUB_APP_PRIVATE_KEY: unsetIfEmpty(z.string().min(1)),
    /** A file holding that key, instead of GITHUB_APP_PRIVATE_KEY. */
    GITHUB_APP_PRIVATE_KEY_FILE: unsetIfEmpty(z.string().min(1)),
    /** The app's Client ID (Iv1… / Iv23…): the OAuth half that proves who installed it. */
    GITHUB_CLIENT_ID: unsetIfEmpty(z.string().min(1)),
    GITHUB_CLIENT_SECRET: unsetIfEmpty(z.string().min(1)),
    /** REST and GraphQL (`<base>/graphql`); GitHub Enterprise Server: `https://ghe.example.com/api/v3`. */
    GITHUB_API_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.github.com'),
    /** Where browsers install the app (`<base>/apps/<slug>/installations/new`). */
    GITHUB_WEB_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://github.com'),
    /** One request's longest wait for an answer (each attempt; retries get their own). */
    GITHUB_TIMEOUT_MS: z.coerce.number().int().positive().default(30000),
  },
);
