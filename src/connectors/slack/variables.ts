import { z } from 'zod';
import { declareVariables, unsetIfEmpty } from '../variables';

/**
 * Slack's variables (docs/connectors/slack.md). The first three are the group: all set (the connector is on) or
 * none. No pacing variable: users.list is Tier 2 (20+ a minute), and Slack's 429 + Retry-After is honoured instead.
 */
export const slackVariables = declareVariables('SLACK_', ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_REDIRECT_URI'], {
  /** The Slack app's Client ID (Basic Information → App Credentials). */
  SLACK_CLIENT_ID: unsetIfEmpty(z.string().min(1)),
  /** The Slack app's Client Secret. */
  SLACK_CLIENT_SECRET: unsetIfEmpty(z.string().min(1)),
  /** The frontend's OAuth callback, listed among the app's Redirect URLs (OAuth & Permissions). */
  SLACK_REDIRECT_URI: unsetIfEmpty(z.url()),
  /** Slack's Web API (the stand-in in tests and the demo); @slack/web-api's `slackApiUrl`. */
  SLACK_API_BASE_URL: z.url().default('https://slack.com/api/'),
  /** Where the browser goes to install the app. */
  SLACK_AUTHORIZE_URL: z.url().default('https://slack.com/oauth/v2/authorize'),
  /** Per-attempt timeout of a request to Slack (@slack/web-api's own default is none at all). */
  SLACK_TIMEOUT_MS: z.coerce.number().int().positive().default(30000),
});
