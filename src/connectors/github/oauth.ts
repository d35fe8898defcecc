import { AppError } from '../../lib/errors';
import type { CallbackParams, ConnectorOAuth, Grant } from '../connector';
import { clientFor, type GitHubClient, type Observe, type RunBounds } from './client';
import { call } from './get';
import { GitHubApiError, InstallationGoneError } from './github-errors';
import type { GitHubSettings } from './settings';
import { describeOrganization, usableInstallation } from './source';

const PREFIX = 'installation:';
/** What the credential store holds for a connection: only which installation (syncs take installation tokens). */
export const storedMarker = (installationId: number) => `${PREFIX}${installationId}`;

/** The installation id of a stored marker (a bare number is accepted too). */
export function installationOf(stored: string): number {
  const id = Number(stored.startsWith(PREFIX) ? stored.slice(PREFIX.length) : stored);
  if (!Number.isSafeInteger(id) || id <= 0) throw new InstallationGoneError('uninstalled');
  return id;
}

/** Ten minutes for what no run bounds (completing an install). */
const installBounds = (): RunBounds => ({ deadline: Date.now() + 10 * 60_000 });

/**
 * Installing the GitHub App with "request user authorization during installation". `installation_id` on the
 * callback can be forged (sheet §2), so it is proven: the one-time `code` becomes a user token, the installation
 * must be among that user's (`GET /user/installations`), and the user token is deleted at once. Only the
 * installation id is stored; syncs use installation tokens from the app's JWT.
 */
export class GitHubOAuth implements ConnectorOAuth {
  readonly defaultRedirectUri: string;

  constructor(
    private readonly s: GitHubSettings,
    private readonly observe: Observe,
  ) {
    // GitHub redirects to the callback URL registered on the app, whatever is sent; this one is only a placeholder.
    this.defaultRedirectUri = `${s.webBaseUrl}/apps/${s.slug}/installations/new`;
  }

  authorizationUrl(state: string): string {
    return `${this.s.webBaseUrl}/apps/${encodeURIComponent(this.s.slug)}/installations/new?state=${encodeURIComponent(state)}`;
  }

  async exchangeCode(code: string, _redirectUri: string, extra: CallbackParams = {}): Promise<Grant> {
    if (extra.setupAction === 'request') throw requested();
    const id = Number(extra.installationId ?? NaN);
    if (!Number.isSafeInteger(id) || id <= 0)
      throw new AppError(
        'BAD_USER_INPUT',
        'GITHUB_INSTALLATION_MISSING',
        'GitHub’s callback named no installation; click Connect to install the app again.',
      );
    const bounds = installBounds();
    const app = clientFor(this.s, { app: true }, bounds, this.observe);
    const token = await this.userToken(app, code);
    let mine: boolean;
    try {
      mine = await this.userHas(token, id, bounds);
    } finally {
      await call(bounds, () =>
        app.request('DELETE /applications/{client_id}/token', { client_id: this.s.clientId, access_token: token }),
      ).catch(() => undefined);
    }
    if (!mine)
      throw new AppError(
        'FORBIDDEN',
        'GITHUB_INSTALLATION_NOT_YOURS',
        'That GitHub App installation is not one you can administer; install the app on your own organisation (Connect) and try again.',
      );
    const installation = await usableInstallation(app, bounds, id).catch((err: unknown) => {
      throw installError(err);
    });
    const remote = await describeOrganization(clientFor(this.s, { installationId: id }, bounds, this.observe), bounds, installation).catch(
      (err: unknown) => {
        throw installError(err);
      },
    );
    return { accessToken: storedMarker(id), refreshToken: null, app: remote, ownerEmail: null };
  }

  /** The one-time code as a user token (auth-app's oauth-user). */
  private async userToken(app: GitHubClient, code: string): Promise<string> {
    try {
      const auth = (await app.auth({ type: 'oauth-user', code })) as { token?: unknown };
      if (typeof auth.token !== 'string' || !auth.token) throw new Error('no token');
      return auth.token;
    } catch (err) {
      const status = (err as { status?: unknown }).status;
      if (status === 400 || status === 401)
        throw new AppError(
          'BAD_USER_INPUT',
          'OAUTH_CODE_REJECTED',
          'GitHub rejected the authorization code (expired or already used); click Connect to start again.',
        );
      throw new AppError(
        'UPSTREAM_UNAVAILABLE',
        'GITHUB_UNAVAILABLE',
        'GitHub could not be reached or answered with an error; try again in a few minutes.',
      );
    }
  }

  /** Whether `id` is among the installations the user token may see (paged, 100 at a time, at most 20 pages). */
  private async userHas(token: string, id: number, bounds: RunBounds): Promise<boolean> {
    const user = clientFor(this.s, { userToken: token }, bounds, this.observe);
    for (let page = 1; page <= 20; page++) {
      const res = await call(bounds, () => user.request('GET /user/installations', { per_page: 100, page })).catch((err: unknown) => {
        throw installError(err);
      });
      const list: unknown = (res.data as { installations?: unknown })?.installations;
      if (!Array.isArray(list)) throw installError(null);
      if (list.some((i) => (i as { id?: unknown })?.id === id)) return true;
      if (list.length < 100) return false;
    }
    return false;
  }

  /** Never called: no refresh token is stored, so a refused installation means NEEDS_REAUTH at once. */
  refresh(): Promise<never> {
    return Promise.reject(new InstallationGoneError('uninstalled'));
  }

  /** Nothing to revoke: Layer holds no user token; an organisation owner uninstalls the app on GitHub. */
  revoke(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

/** `setup_action=request`: a member who is not an owner asked for the app; nothing exists until an owner approves. */
function requested(): AppError {
  return new AppError(
    'BAD_USER_INPUT',
    'GITHUB_INSTALL_REQUESTED',
    'GitHub sent your request to install Layer to the organisation’s owners: an owner must approve it. Once it is ' +
      'approved, an owner (or you) clicks Connect again; no connection was made.',
  );
}

function installError(err: unknown): AppError {
  if (err instanceof InstallationGoneError) {
    const why = {
      uninstalled: 'The GitHub App is no longer installed there',
      suspended: 'An owner suspended the GitHub App on that organisation',
      'not-an-organisation': 'The app was installed on a personal account, not an organisation',
      'no-member-access': 'The installation did not grant Members: read',
    }[err.reason];
    return new AppError(
      'BAD_USER_INPUT',
      'GITHUB_INSTALLATION_UNUSABLE',
      `${why}; install it on your organisation with the permissions asked for, then Connect again.`,
    );
  }
  if (err instanceof GitHubApiError && err.status === 401)
    return new AppError(
      'INTERNAL',
      'GITHUB_APP_REJECTED',
      "GitHub rejected this server's app credentials; an operator must check GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET.",
    );
  return new AppError(
    'UPSTREAM_UNAVAILABLE',
    'GITHUB_UNAVAILABLE',
    'GitHub could not be reached or answered with an error; try again in a few minutes.',
  );
}
