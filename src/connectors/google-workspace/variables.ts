import { z } from 'zod';
import { declareVariables, unsetIfEmpty } from '../variables';

/**
 * Google Workspace's variables (docs/connectors/google-workspace.md); the first three are the group. 10 requests/s is
 * a quarter of Google's 2,400 queries/min per user, so retries and other replicas stay under it; a 50k-user directory
 * is only 100 pages of 500 anyway.
 */
export const googleVariables = declareVariables('GOOGLE_', ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'GOOGLE_REDIRECT_URI'], {
  GOOGLE_CLIENT_ID: unsetIfEmpty(z.string().min(1)),
  GOOGLE_CLIENT_SECRET: unsetIfEmpty(z.string().min(1)),
  GOOGLE_REDIRECT_URI: unsetIfEmpty(z.url()),
  GOOGLE_API_BASE_URL: z.url().default('https://admin.googleapis.com'),
  GOOGLE_AUTHORIZE_URL: z.url().default('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
  GOOGLE_REVOKE_URL: z.url().default('https://oauth2.googleapis.com/revoke'),
  GOOGLE_TIMEOUT_MS: z.coerce.number().int().positive().default(30000),
  GOOGLE_REQUESTS_PER_SECOND: z.coerce.number().min(0).default(10),
});
