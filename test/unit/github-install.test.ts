import type { GitHubOAuth } from '../../src/connectors/github/oauth';
import type { GitHubSandbox } from '../../src/dev/github-standin';
import { GITHUB_APP, githubConnector, startGitHub } from '../support/github';

let sb: GitHubSandbox;
let oauth: GitHubOAuth;

beforeAll(async () => {
  sb = await startGitHub();
  sb.seedOrg({
    login: 'acme',
    name: 'Acme Corp',
    verifiedDomains: ['acme.test'],
    extra: [{ login: 'acme-owner', role: 'ADMIN' }, { login: 'acme-dev' }],
  });
  sb.seedOrg({ login: 'evil', name: 'Evil Inc', verifiedDomains: ['evil.test'], extra: [{ login: 'mallory', role: 'ADMIN' }] });
  oauth = githubConnector(sb).connector.oauth as GitHubOAuth;
});
afterAll(() => sb.stop());

const reason = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { reason?: string }) => e.reason ?? String(e),
  );

describe('GitHub install proof', () => {
  test("the installation URL is the app's install page, carrying the state", () => {
    expect(oauth.authorizationUrl('st4te/+')).toBe(`${sb.url}/apps/${GITHUB_APP.slug}/installations/new?state=st4te%2F%2B`);
  });

  test("an owner's install: the installation is among theirs, the user token is deleted, only the installation id is stored", async () => {
    const cb = sb.install({ org: 'acme', login: 'acme-owner', state: 's' });
    const grant = await oauth.exchangeCode(cb.code, 'ignored', { installationId: cb.installationId, setupAction: cb.setupAction });
    const id = sb.installation('acme')!.id;
    expect(grant).toEqual({
      accessToken: `installation:${id}`,
      refreshToken: null,
      app: {
        id: String(sb.org('acme').id),
        name: 'Acme Corp',
        iconUrl: `https://avatars.example/u/${sb.org('acme').id}`,
        attributes: { login: 'acme', installationId: id },
      },
      ownerEmail: null,
    });
    expect(sb.deletedUserTokens()).toHaveLength(1);
    expect(sb.deletedUserTokens()[0]).toMatch(/^ghu_/);
  });

  test("a pasted installation id of someone else's organisation is refused, and the attacker's user token is deleted all the same", async () => {
    const victim = sb.install({ org: 'acme', login: 'acme-owner' });
    const attacker = sb.install({ org: 'evil', login: 'mallory' });
    const before = sb.deletedUserTokens().length;
    const tokenPath = `/app/installations/${victim.installationId}/access_tokens`;
    const issued = sb.requests.filter((r) => r.path === tokenPath).length;
    expect(await reason(oauth.exchangeCode(attacker.code, 'x', { installationId: victim.installationId, setupAction: 'install' }))).toBe(
      'GITHUB_INSTALLATION_NOT_YOURS',
    );
    expect(sb.deletedUserTokens()).toHaveLength(before + 1);
    // No installation token was asked for the victim's installation.
    expect(sb.requests.filter((r) => r.path === tokenPath)).toHaveLength(issued);
  });

  test('setup_action=request (a member who is not an owner): no installation exists, no call to GitHub, an owner must approve', async () => {
    const cb = sb.install({ org: 'acme', login: 'acme-dev' });
    expect(cb).toMatchObject({ installationId: null, setupAction: 'request' });
    const calls = sb.requests.length;
    const err = await oauth.exchangeCode(cb.code, 'x', { installationId: null, setupAction: 'request' }).catch((e: Error) => e);
    expect(err).toMatchObject({ reason: 'GITHUB_INSTALL_REQUESTED' });
    expect((err as Error).message).toMatch(/owner must approve/);
    expect(sb.requests.length).toBe(calls);
  });

  test('a code used twice is rejected; a callback without an installation id is refused', async () => {
    const cb = sb.install({ org: 'acme', login: 'acme-owner' });
    await oauth.exchangeCode(cb.code, 'x', { installationId: cb.installationId });
    expect(await reason(oauth.exchangeCode(cb.code, 'x', { installationId: cb.installationId }))).toBe('OAUTH_CODE_REJECTED');
    expect(await reason(oauth.exchangeCode(sb.install({ org: 'acme', login: 'acme-owner' }).code, 'x'))).toBe(
      'GITHUB_INSTALLATION_MISSING',
    );
  });

  test('a suspended installation cannot be connected', async () => {
    const cb = sb.install({ org: 'acme', login: 'acme-owner' });
    sb.suspend('acme');
    try {
      expect(await reason(oauth.exchangeCode(cb.code, 'x', { installationId: cb.installationId }))).toBe('GITHUB_INSTALLATION_UNUSABLE');
    } finally {
      sb.suspend('acme', false);
    }
  });

  test("a wrong app key: GitHub refuses the JWT, and the operator is told to check the app's credentials", async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const wrong = githubConnector(sb, { privateKey: other.privateKey }).connector.oauth as GitHubOAuth;
    const cb = sb.install({ org: 'acme', login: 'acme-owner' });
    expect(await reason(wrong.exchangeCode(cb.code, 'x', { installationId: cb.installationId }))).toBe('GITHUB_APP_REJECTED');
  });
});
