import { z } from 'zod';
import { declareVariables, unsetIfEmpty } from '../variables';

/** Notion's variables (README's table). The first three are the group: all set (the connector is on) or none. */
export const notionVariables = declareVariables('NOTION_', ['NOTION_CLIENT_ID', 'NOTION_CLIENT_SECRET', 'NOTION_REDIRECT_URI'], {
  NOTION_CLIENT_ID: unsetIfEmpty(z.string().min(1)),
  NOTION_CLIENT_SECRET: unsetIfEmpty(z.string().min(1)),
  NOTION_REDIRECT_URI: unsetIfEmpty(z.url()),
  NOTION_API_BASE_URL: z.url().default('https://api.notion.com'),
  NOTION_AUTHORIZE_URL: z.url().default('https://api.notion.com/v1/oauth/authorize'),
  NOTION_TIMEOUT_MS: z.coerce.number().int().positive().default(30000),
  /** Notion's published average is 3 requests/s per integration. */
  NOTION_REQUESTS_PER_SECOND: z.coerce.number().min(0).default(3),
});
