import { APIResponseError, Client, collectPaginatedAPI, LogLevel, UnknownHTTPResponseError } from '@notionhq/client';
import { type NotionSandbox, startNotionSandbox } from '../../src/dev/notion-standin';

const creds = { client_id: 'cid', client_secret: 'csecret' };
const redirect = 'http://localhost/cb';
let sb: NotionSandbox;
beforeAll(async () => {
  sb = await startNotionSandbox({ clientId: creds.client_id, clientSecret: creds.client_secret });
});
afterAll(() => sb.close());

const oauth = () => new Client({ baseUrl: sb.url, retry: false, logLevel: LogLevel.ERROR });
const api = (auth: string) => new Client({ baseUrl: sb.url, auth, retry: false, logLevel: LogLevel.ERROR });
async function grant(workspaceId: string, capability: 'email' | 'no_email' | 'none' = 'email') {
  const code = sb.authorize({ workspaceId, capability, redirectUri: redirect });
  return oauth().oauth.token({ grant_type: 'authorization_code', code, redirect_uri: redirect, ...creds });
}

describe('the Notion stand-in, through the official SDK', () => {
  it('exchanges a code once and pages through every member', async () => {
    const ws = sb.seedWorkspace({ name: 'Paged', persons: 250, bots: 2 });
    const code = sb.authorize({ workspaceId: ws.id, redirectUri: redirect });
    const token = await oauth().oauth.token({ grant_type: 'authorization_code', code, redirect_uri: redirect, ...creds });
    expect(token).toMatchObject({ token_type: 'bearer', workspace_id: ws.id, workspace_name: 'Paged', bot_id: ws.botId });
    const users = await collectPaginatedAPI(api(token.access_token).users.list, { page_size: 100 });
    expect(users).toHaveLength(252);
    expect(users[0]).toEqual({
      object: 'user',
      id: ws.members[0].id,
      type: 'person',
      name: 'Person 0',
      avatar_url: 'https://avatars.example.com/0.png',
      person: { email: 'person0@paged.example.com' },
    });
    expect(users[251]).toEqual({ object: 'user', id: ws.members[251].id, type: 'bot', name: 'Bot 1', avatar_url: null, bot: {} });

    const reused = await oauth()
      .oauth.token({ grant_type: 'authorization_code', code, redirect_uri: redirect, ...creds })
      .catch((e: unknown) => e);
    expect(UnknownHTTPResponseError.isUnknownHTTPResponseError(reused) && reused.status).toBe(400);
    expect(JSON.parse((reused as UnknownHTTPResponseError).body)).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers per capability: no email, or 403 restricted_resource', async () => {
    const ws = sb.seedWorkspace({ name: 'Caps', persons: 1 });
    const noEmail = await grant(ws.id, 'no_email');
    expect((await api(noEmail.access_token).users.list({})).results[0]).toMatchObject({ type: 'person', person: {} });
    const none = await grant(ws.id, 'none');
    const err = await api(none.access_token)
      .users.list({})
      .catch((e: unknown) => e);
    expect(APIResponseError.isAPIResponseError(err) && [err.status, err.code]).toEqual([403, 'restricted_resource']);
    expect((await api(none.access_token).users.me({})).id).toBe(ws.botId);
  });

  it('401 after the integration is removed; refresh rotates both tokens', async () => {
    const ws = sb.seedWorkspace({ name: 'Tokens', persons: 1 });
    const first = await grant(ws.id);
    const second = await oauth().oauth.token({ grant_type: 'refresh_token', refresh_token: first.refresh_token!, ...creds });
    expect(second.access_token).not.toBe(first.access_token);
    const old = await api(first.access_token)
      .users.me({})
      .catch((e: unknown) => e);
    expect(APIResponseError.isAPIResponseError(old) && old.code).toBe('unauthorized');
    const again = await oauth()
      .oauth.token({ grant_type: 'refresh_token', refresh_token: first.refresh_token!, ...creds })
      .catch((e: unknown) => e);
    expect((again as UnknownHTTPResponseError).status).toBe(400);
    sb.removeIntegration(ws.id);
    const removed = await api(second.access_token)
      .users.list({})
      .catch((e: unknown) => e);
    expect(APIResponseError.isAPIResponseError(removed) && [removed.status, removed.code]).toEqual([401, 'unauthorized']);
  });

  it('injects a 429 with Retry-After and records every request', async () => {
    const ws = sb.seedWorkspace({ name: 'Faults', persons: 1 });
    const t = await grant(ws.id);
    sb.injectFault({ path: '/v1/users', workspaceId: ws.id, kind: 'status', status: 429, code: 'rate_limited', retryAfter: 2 });
    const err = await api(t.access_token)
      .users.list({})
      .catch((e: unknown) => e);
    expect(APIResponseError.isAPIResponseError(err) && [err.status, err.code, (err.headers as Headers).get('retry-after')]).toEqual([
      429,
      'rate_limited',
      '2',
    ]);
    await api(t.access_token).users.list({});
    const mine = sb.requests.filter((r) => r.workspaceId === ws.id).map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(mine).toEqual(['POST /v1/oauth/token 200', 'GET /v1/users 429', 'GET /v1/users 200']);
    const page = await fetch(`${sb.url}/v1/pages/abc`, { headers: { 'Notion-Version': '2022-06-28' } });
    expect(page.status).toBe(404);
  });
});
