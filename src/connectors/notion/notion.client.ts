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
  /** Called for every HTTP response from Notion (status 0 when none came): metrics and progress. */
  observe?: (url: string, status: number, retryAfter: string | null) => void;
}

/** fetch that reports each response to `observe` before the SDK sees it. */
function observedFetch(observe: NonNullable<NotionSettings['observe']>): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    try {
      const res = await fetch(input, init);
      observe(url, res.status, res.headers.get('retry-after'));
      return res;
    } catch (err) {
      observe(url, 0, null);
      throw err;
    }
  };
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
    fetch: settings.observe ? (observedFetch(settings.observe) as never) : undefined,
    logLevel: LogLevel.WARN,
    // The SDK logs request details at debug; route what it says through our redacting logger.
    logger: (level, message, extra) => logger[level === LogLevel.ERROR ? 'error' : 'warn']({ notion: extra }, message),
  });
}
