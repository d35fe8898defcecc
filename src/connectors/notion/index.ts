import type { Connector, ConnectorModule } from '../connector';
import { Pacer } from '../../lib/pacer';
import { notionClient, type NotionSettings } from './notion.client';
import { NotionOAuth } from './oauth';
import { failureMessage, isRestricted, isUnauthorized } from './sync/errors';
import { getBot, getMembersPage } from './sync/get';
import { transformMembers } from './sync/transform';
import { notionVariables } from './variables';

const TEXTS = {
  noMemberAccess:
    'This Notion grant cannot read users. Reconnect and approve "Read user information including email addresses" to sync members.',
  noEmailAccess:
    'Notion lists members without email addresses for this grant. Reconnect and approve "Read user information including email addresses" to sync members.',
  reauth:
    'Notion rejected the stored token: the integration was removed from the workspace or access was revoked. Reconnect to resume syncing.',
};

/** Notion: a workspace is the app, `/v1/users` its accounts (persons with an email; bots skipped). */
export const notion: ConnectorModule<typeof notionVariables> = {
  provider: 'notion',
  displayName: 'Notion',
  variables: notionVariables,
  create({ env, logger, observe, onPacingWait }): Connector | null {
    if (!env.NOTION_CLIENT_ID || !env.NOTION_CLIENT_SECRET || !env.NOTION_REDIRECT_URI) return null;
    const settings: NotionSettings = {
      baseUrl: env.NOTION_API_BASE_URL,
      authorizeUrl: env.NOTION_AUTHORIZE_URL,
      clientId: env.NOTION_CLIENT_ID,
      clientSecret: env.NOTION_CLIENT_SECRET,
      redirectUri: env.NOTION_REDIRECT_URI,
      timeoutMs: env.NOTION_TIMEOUT_MS,
      pacer: new Pacer(env.NOTION_REQUESTS_PER_SECOND, (ms) => onPacingWait(ms / 1000)),
      observe,
    };
    return {
      provider: 'notion',
      displayName: 'Notion',
      labels: { app: 'NotionWorkspace', account: 'NotionUser' },
      directory: false,
      oauth: new NotionOAuth(settings, logger),
      texts: TEXTS,
      source(accessToken, appId, signal) {
        const client = notionClient(settings, logger, accessToken, appId, signal);
        return {
          async app() {
            const bot = await getBot(client);
            return { id: bot.workspaceId ?? appId, name: bot.workspaceName, iconUrl: null, attributes: { botId: bot.botId } };
          },
          listing: () => ({ kind: 'complete', page: (cursor) => getMembersPage(client, cursor), transform: transformMembers }),
        };
      },
      classify: (err) => (isUnauthorized(err) ? 'unauthorized' : isRestricted(err) ? 'restricted' : 'other'),
      failureMessage,
    };
  },
};
