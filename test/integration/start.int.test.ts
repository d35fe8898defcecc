import { type Harness, newTenant, startHarness } from '../support/harness';
import { parse, type ServerProcess, startServerProcess } from '../support/server-process';

/** `npm start` as operators run it: with only Notion configured, with no connector, and as the demo. */
let h: Harness;
const servers: ServerProcess[] = [];
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await h.close();
});

const NOTION_VARS = ['NOTION_CLIENT_ID', 'NOTION_CLIENT_SECRET', 'NOTION_REDIRECT_URI', 'NOTION_API_BASE_URL', 'NOTION_AUTHORIZE_URL'];
const GOOGLE_VARS = [
  'GOOGLE_CLIENT_ID',
  'GOOGLE_CLIENT_SECRET',
  'GOOGLE_REDIRECT_URI',
  'GOOGLE_API_BASE_URL',
  'GOOGLE_AUTHORIZE_URL',
  'GOOGLE_TOKEN_URL',
  'GOOGLE_REVOKE_URL',
];
/** The harness configures Slack too (its stand-in); these tests start with it unset. */
const SLACK_VARS = [
  'SLACK_CLIENT_ID',
  'SLACK_CLIENT_SECRET',
  'SLACK_REDIRECT_URI',
  'SLACK_API_BASE_URL',
  'SLACK_AUTHORIZE_URL',
  'SLACK_TIMEOUT_MS',
];
/** And GitHub (its stand-in): every GITHUB_* variable the harness set. */
const githubVars = () => Object.keys(h.rawEnv).filter((k) => k.startsWith('GITHUB_'));
const without = (env: Record<string, string>, names: string[]) =>
  Object.fromEntries(Object.entries(env).filter(([k]) => !names.includes(k)));
const start = async (env: Record<string, string>) => {
  const s = await startServerProcess({ ...env, LOG_LEVEL: 'info' });
  servers.push(s);
  return s;
};
const logged = (s: ServerProcess, msg: string) => s.lines.map(parse).find((l) => l?.msg === msg);

async function gqlAt(url: string, token: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data: any; errors?: { extensions: Record<string, unknown> }[] };
}

describe('npm start', () => {
  it('with only Notion configured: says so, is ready, and connects Notion', async () => {
    const s = await start(without(h.rawEnv, [...GOOGLE_VARS, ...SLACK_VARS, ...githubVars()]));
    expect(logged(s, 'Connectors enabled')).toMatchObject({ connectors: ['Notion'] });
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    const res = await gqlAt(s.url, await h.token(newTenant()), 'mutation { connect(provider: NOTION) { authorizationUrl state } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.connect.authorizationUrl).toContain(`${h.notion.url}/v1/oauth/authorize`);
  });

  it('with no connector configured: starts, says nothing can be connected, and refuses a connect with a stable code', async () => {
    const s = await start(without(h.rawEnv, [...NOTION_VARS, ...GOOGLE_VARS, ...SLACK_VARS, ...githubVars()]));
    expect(logged(s, 'No connector is configured: nothing can be connected')).toMatchObject({ connectors: [] });
    const res = await gqlAt(s.url, await h.token(newTenant()), 'mutation { connect(provider: NOTION) { state } }');
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PROVIDER_NOT_CONFIGURED' });
  });

  it('refuses a half-configured connector, naming what is missing', async () => {
    const env = { ...without(h.rawEnv, [...NOTION_VARS, ...GOOGLE_VARS, ...SLACK_VARS, ...githubVars()]), NOTION_CLIENT_ID: 'only-the-id' };
    await expect(startServerProcess(env)).rejects.toThrow(/NOTION_CLIENT_SECRET, NOTION_REDIRECT_URI: Notion is half configured/);
  });

  it('as the offline demo (nothing configured): connects Notion, Google Workspace, Microsoft Entra ID, Slack and GitHub, prints a working JWT, and shows offboarding gaps', async () => {
    const s = await start({
      ...without(h.rawEnv, [...NOTION_VARS, ...GOOGLE_VARS, ...SLACK_VARS, ...githubVars(), 'AUTH_JWT_SECRET', 'TOKEN_ENCRYPTION_KEY']),
      LAYER_DEMO: 'true',
      NOTION_SANDBOX_PORT: '0',
      GOOGLE_SANDBOX_PORT: '0',
      MICROSOFT_SANDBOX_PORT: '0',
      SLACK_SANDBOX_PORT: '0',
      GITHUB_SANDBOX_PORT: '0',
      HOST: '', // unset: the demo keeps to this machine
    });
    let token: string | undefined;
    for (let i = 0; i < 1200 && !token; i++) {
      token = /Authorization: +Bearer (\S+)/.exec(s.lines.join('\n'))?.[1];
      if (!token) await new Promise((r) => setTimeout(r, 100));
    }
    expect(token).toMatch(/^ey/);
    // The API and both stand-ins listen on 127.0.0.1 only: another address of this machine (127.0.0.2, which a
    // server bound to 0.0.0.0 would answer on) is refused.
    const banner = s.lines.join('\n');
    const ports = [s.url, ...['Notion stand-in', 'Google stand-in'].map((n) => new RegExp(`${n}: +(\\S+)`).exec(banner)![1])].map(
      (u) => new URL(u).port,
    );
    for (const port of ports) {
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBeLessThan(500);
      await expect(fetch(`http://127.0.0.2:${port}/`)).rejects.toThrow();
    }
    // This machine's browser gets the token on the explorer's config.
    expect(await (await fetch(`${s.url}/explore/config.js`)).text()).toContain(token);
    const res = await gqlAt(
      s.url,
      token!,
      '{ connections { provider status } offboardingGaps { edges { node { status user { email emails } } } } }',
    );
    expect(res.data.connections.map((c: any) => [c.provider, c.status]).sort()).toEqual([
      ['GITHUB', 'CONNECTED'],
      ['GOOGLE_WORKSPACE', 'CONNECTED'],
      ['MICROSOFT_ENTRA_ID', 'CONNECTED'],
      ['NOTION', 'CONNECTED'],
      ['SLACK', 'CONNECTED'],
    ]);
    const gaps = res.data.offboardingGaps.edges.map((e: any) => [e.node.user.email, e.node.status]);
    expect(gaps).toEqual(
      expect.arrayContaining([
        ['person5@acme-corp.example.com', 'SUSPENDED'],
        ['person9@acme-corp.example.com', 'DELETED'],
        ['person240@acme-corp.example.com', 'NOT_IN_DIRECTORY'],
      ]),
    );
    const grace = await gqlAt(s.url, token!, '{ user(email: "grace.hopper@acme-corp.example.com") { email accounts { provider } } }');
    expect(grace.data.user.email).toBe('grace@acme-corp.example.com');
    expect(grace.data.user.accounts.map((a: { provider: string }) => a.provider).sort()).toEqual(['GOOGLE_WORKSPACE', 'NOTION']);
    // Entra: Person 5's disabled account still holds Notion; Dana from the contractors is a guest of the tenant.
    const entra = await gqlAt(
      s.url,
      token!,
      '{ p5: user(email: "person5@acme-corp.example.com") { employment { status } accounts { provider } } dana: user(email: "dana@contractors.example.org") { accounts { provider } } }',
    );
    expect(entra.data.p5.employment.status).toBe('SUSPENDED');
    expect(entra.data.p5.accounts.map((a: { provider: string }) => a.provider).sort()).toEqual([
      'GITHUB',
      'GOOGLE_WORKSPACE',
      'MICROSOFT_ENTRA_ID',
      'NOTION',
      'SLACK',
    ]);
    expect(entra.data.dana.accounts.map((a: { provider: string }) => a.provider).sort()).toEqual(['MICROSOFT_ENTRA_ID', 'NOTION', 'SLACK']);
    // Slack: the owner who left the directory still owns the workspace; Person 7's deactivated account left it.
    const slack = await gqlAt(
      s.url,
      token!,
      '{ p9: user(email: "person9@acme-corp.example.com") { employment { status } accounts { provider } } p7: user(email: "person7@acme-corp.example.com") { accounts { provider } } }',
    );
    expect(slack.data.p9.employment.status).toBe('DELETED');
    expect(slack.data.p9.accounts.map((a: { provider: string }) => a.provider)).toContain('SLACK');
    expect(slack.data.p7.accounts.map((a: { provider: string }) => a.provider)).not.toContain('SLACK');
    // GitHub: Person 5, suspended in the directory, is still an organisation admin; the member with only a personal
    // address is kept, joined to no person (EMAIL_HIDDEN), beside the two outside collaborators.
    const github = await gqlAt(
      s.url,
      token!,
      `{ p5: user(email: "person5@acme-corp.example.com") { employment { status } accounts { provider role } }
         unmanagedAccounts(first: 50) { edges { node { provider login role reason } } } }`,
    );
    expect(github.data.p5.employment.status).toBe('SUSPENDED');
    expect(github.data.p5.accounts).toEqual(expect.arrayContaining([{ provider: 'GITHUB', role: 'ADMIN' }]));
    const unmanaged = github.data.unmanagedAccounts.edges.map((e: any) => e.node).filter((n: any) => n.provider === 'GITHUB');
    expect(unmanaged).toEqual(
      expect.arrayContaining([{ provider: 'GITHUB', login: 'octo-freelancer', role: 'MEMBER', reason: 'EMAIL_HIDDEN' }]),
    );
    expect(unmanaged.filter((n: any) => n.role === 'GUEST')).toHaveLength(2);
  }, 240_000);
});
