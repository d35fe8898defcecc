import type { Connectors } from '../../src/connectors/connectors';
import type { GitHubOAuth, InstallCallback } from '../../src/connectors/github/oauth';
import type { InstallCallback as StandinCallback } from '../../src/dev/github-standin';
import type { Harness } from './harness';

/** Starts a Connect for GitHub: the installation URL and the state. */
export async function startGitHubConnect(h: Harness, tenant: string): Promise<{ authorizationUrl: string; state: string }> {
  const started = await h.gql(`mutation { connect(provider: GITHUB) { authorizationUrl state } }`, {}, { tenant });
  if (started.errors) throw new Error(JSON.stringify(started.errors));
  return started.data.connect;
}

/**
 * completeOAuth for GitHub's callback. The API does not yet take `installationId` and `setupAction` (the lead's
 * provider-neutral contract change), so until it does the API process's own connector receives them for this one
 * call, as the core will pass them; the code exchange, the proof and the sync run for real.
 */
export async function completeGitHub(h: Harness, tenant: string, cb: StandinCallback, state: string) {
  const connectors = (h.app.services.connectionService as unknown as { connectors: Connectors }).connectors;
  const oauth = connectors.get('github').oauth as GitHubOAuth;
  const exchange = oauth.exchangeCode.bind(oauth);
  const extra: InstallCallback = { installationId: cb.installationId, setupAction: cb.setupAction };
  oauth.exchangeCode = (code, redirectUri) => exchange(code, redirectUri, extra);
  try {
    return await h.gql(
      `mutation($code: String!, $state: String!) { completeOAuth(code: $code, state: $state) { id status workspaceId } }`,
      { code: cb.code, state },
      { tenant },
    );
  } finally {
    oauth.exchangeCode = exchange;
  }
}
