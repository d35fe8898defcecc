import type { InstallCallback } from '../../src/dev/github-standin';
import type { Harness } from './harness';

/** Starts a Connect for GitHub: the installation URL and the state. */
export async function startGitHubConnect(h: Harness, tenant: string): Promise<{ authorizationUrl: string; state: string }> {
  const started = await h.gql(`mutation { connect(provider: GITHUB) { authorizationUrl state } }`, {}, { tenant });
  if (started.errors) throw new Error(JSON.stringify(started.errors));
  return started.data.connect;
}

/**
 * What the frontend does with GitHub's callback: passes `code`, `state`, `installation_id` and `setup_action` to
 * completeOAuth as they came (ADR 0020); the code exchange, the proof and the sync run for real.
 */
export async function completeGitHub(h: Harness, tenant: string, cb: InstallCallback, state: string) {
  return h.gql(
    `mutation($code: String, $state: String!, $installationId: String, $setupAction: String) {
      completeOAuth(code: $code, state: $state, installationId: $installationId, setupAction: $setupAction) { id status workspaceId }
    }`,
    { code: cb.code, state, installationId: cb.installationId, setupAction: cb.setupAction },
    { tenant },
  );
}
