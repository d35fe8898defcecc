import type { Connector, ConnectorDeps, ConnectorModule } from '../connector';
import { classify, failureMessage, texts } from './errors';
import { GitHubOAuth, installationOf } from './oauth';
import { type GitHubSettings, githubSettings } from './settings';
import { GitHubSource } from './source';
import { githubVariables } from './variables';

export const PROVIDER = 'github';

/** Builds the connector from explicit settings (tests point them at the stand-in). */
export function createGitHub(settings: GitHubSettings, deps: ConnectorDeps): Connector {
  const observe = (e: string, s: number, r: string | null) => deps.observe(e, s, r);
  return {
    provider: PROVIDER,
    displayName: 'GitHub',
    labels: { app: 'GitHubOrganization', account: 'GitHubUser' },
    directory: false,
    oauth: new GitHubOAuth(settings, observe),
    texts,
    // The stored credential is the installation id; every run takes installation tokens from the app's JWT.
    source: (stored, _appId, signal) =>
      new GitHubSource(settings, installationOf(stored), { signal, deadline: Date.now() + 24 * 3600_000 }, observe),
    classify,
    failureMessage,
  };
}

/** The registry line's module: on when GITHUB_APP_ID is set. */
export const github: ConnectorModule<typeof githubVariables> = {
  provider: PROVIDER,
  displayName: 'GitHub',
  variables: githubVariables,
  create: (deps) => {
    const settings = githubSettings(deps.env);
    return settings ? createGitHub(settings, deps) : null;
  },
};
