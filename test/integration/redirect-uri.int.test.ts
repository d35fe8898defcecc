import { connectWorkspace } from '../support/flows';
import { type Harness, newTenant, REDIRECT_URI, startHarness } from '../support/harness';

const STAGING = 'https://staging.layer.example';
let h: Harness;
let tenant: string;
let connectionId: string;
beforeAll(async () => {
  h = await startHarness({ OAUTH_REDIRECT_ORIGINS: `${STAGING}, https://preview.layer.example:8443` });
  tenant = newTenant();
  const ws = h.notion.seedWorkspace({ name: 'Redirects', persons: 1 });
  connectionId = await connectWorkspace(h, tenant, ws.id);
});
afterAll(() => h?.close());

/** Each mutation that starts an authorization, with the redirect URI as its only free variable. */
const STARTS = {
  connect: ['mutation($r: String) { connect(provider: NOTION, redirectUri: $r) { authorizationUrl } }', {}],
  connectNotion: ['mutation($r: String) { connectNotion(redirectUri: $r) { authorizationUrl } }', {}],
  reconnect: ['mutation($r: String, $id: ID!) { reconnect(connectionId: $id, redirectUri: $r) { authorizationUrl } }', { id: true }],
  reconnectNotion: [
    'mutation($r: String, $id: ID!) { reconnectNotion(connectionId: $id, redirectUri: $r) { authorizationUrl } }',
    { id: true },
  ],
} as const;

async function start(mutation: keyof typeof STARTS, redirectUri: string | null) {
  const [query, vars] = STARTS[mutation];
  const res = await h.gql(query, { r: redirectUri, ...('id' in vars ? { id: connectionId } : {}) }, { tenant });
  const url = res.data?.[mutation]?.authorizationUrl as string | undefined;
  return {
    reason: res.errors?.[0].extensions?.reason,
    code: res.errors?.[0].extensions?.code,
    sent: url && new URL(url).searchParams.get('redirect_uri'),
  };
}

describe('redirectUri of an authorization', () => {
  it.each(Object.keys(STARTS) as (keyof typeof STARTS)[])(
    '%s: refuses a URL on another origin with REDIRECT_URI_NOT_ALLOWED',
    async (m) => {
      for (const uri of [
        'https://evil.example/integrations/notion/callback',
        'http://localhost:3001/integrations/notion/callback',
        'https://localhost:3000/cb',
        'http://staging.layer.example/cb',
      ]) {
        expect({ uri, ...(await start(m, uri)) }).toEqual({
          uri,
          code: 'BAD_USER_INPUT',
          reason: 'REDIRECT_URI_NOT_ALLOWED',
          sent: undefined,
        });
      }
      expect(await start(m, 'javascript:alert(1)')).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_REDIRECT_URI' });
    },
  );

  it.each(Object.keys(STARTS) as (keyof typeof STARTS)[])(
    "%s: takes the registered URI, its origin, and OAUTH_REDIRECT_ORIGINS'",
    async (m) => {
      expect(await start(m, null)).toEqual({ reason: undefined, code: undefined, sent: REDIRECT_URI });
      for (const uri of [
        REDIRECT_URI,
        'http://localhost:3000/settings/apps/callback?x=1',
        `${STAGING}/integrations/notion/callback`,
        'https://preview.layer.example:8443/cb',
      ]) {
        expect(await start(m, uri)).toEqual({ reason: undefined, code: undefined, sent: uri });
      }
    },
  );
});
