/**
 * What GitHub answered (or that no answer came), stripped of the request: Octokit's RequestError carries the
 * request's headers (the installation token), so it never leaves client.ts.
 */
export class GitHubApiError extends Error {
  constructor(
    /** HTTP status; 0 when no answer came (timeout, broken connection, aborted). */
    readonly status: number,
    /** GitHub's message cut to a code-like word (`Bad credentials`, `Not Found` …), or timeout / network / aborted / a GraphQL error type. */
    readonly code: string,
    readonly retryAfter: string | null = null,
  ) {
    super(status ? `GitHub answered ${status} ${code}` : `GitHub did not answer (${code})`);
    this.name = 'GitHubApiError';
  }
}

/** The installation is gone (uninstalled: 404) or suspended by the organisation (403 / `suspended_at`). */
export class InstallationGoneError extends Error {
  constructor(readonly reason: 'uninstalled' | 'suspended' | 'not-an-organisation' | 'no-member-access') {
    super(`The GitHub App installation is ${reason}`);
    this.name = 'InstallationGoneError';
  }
}

/** A body that is not what GitHub promises (a cut answer, a GraphQL `data` without the organisation). */
export class MalformedResponseError extends Error {}

/** Paging broke one of the run's bounds or GitHub's paging contract; the run fails and removes nothing. */
export class GitHubPagingError extends Error {}
