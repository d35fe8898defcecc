import { Client, LogLevel } from '@notionhq/client';
import type { Logger } from '../../lib/logger';

/** Where Notion is and who we are to it; production points at api.notion.com, tests at the stand-in. */
export interface NotionSettings {
  baseUrl: string;
  authorizeUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  timeoutMs: number;
}

/** The pinned API version; `/v1/users` is identical across the versions in use. */
export const NOTION_VERSION = '2022-06-28';

/** Builds an SDK client for one token (or none, for the OAuth endpoints), with the SDK's own retries. */
export function notionClient(settings: NotionSettings, logger: Logger, auth?: string): Client {
  return new Client({
    auth,
    baseUrl: settings.baseUrl,
    notionVersion: NOTION_VERSION,
    timeoutMs: settings.timeoutMs,
    retry: { maxRetries: 3, initialRetryDelayMs: 500, maxRetryDelayMs: 30000 },
    logLevel: LogLevel.WARN,
    // The SDK logs request details at debug; route what it says through our redacting logger.
    logger: (level, message, extra) => logger[level === LogLevel.ERROR ? 'error' : 'warn']({ notion: extra }, message),
  });
}
