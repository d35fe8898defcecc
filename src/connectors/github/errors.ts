import type { ConnectorTexts, ErrorKind } from '../connector';
import { GitHubApiError, GitHubPagingError, InstallationGoneError, MalformedResponseError } from './github-errors';

/** What the connection card says, in GitHub's words. */
export const texts: ConnectorTexts = {
  noMemberAccess:
    "Layer's GitHub App may not list this organisation's members (the Members: read permission was not accepted); an organisation " +
    'owner must review and accept the permissions under Settings → GitHub Apps → Layer.',
  noEmailAccess:
    'GitHub listed the members, but none has an email address on one of the organisation’s verified domains; verify your ' +
    'domain under Settings → Verified and approved domains so members can be matched to people.',
  reauth:
    'The Layer GitHub App was uninstalled from this organisation or suspended by an owner; install it again (Connect) or ' +
    'unsuspend it under Settings → GitHub Apps → Layer.',
};

/** How the core should read what the connector threw. */
export function classify(err: unknown): ErrorKind {
  if (err instanceof InstallationGoneError) return err.reason === 'no-member-access' ? 'restricted' : 'unauthorized';
  // An installation token GitHub refuses even fresh (the cache is per run): the installation is gone.
  if (err instanceof GitHubApiError && err.status === 401) return 'unauthorized';
  // Token creation for a suspended installation: 403 "This installation has been suspended" (sheet §3).
  if (err instanceof GitHubApiError && err.status === 403 && /suspended/i.test(err.code)) return 'unauthorized';
  return 'other';
}

/** A sentence for the run record; it never carries a token, a URL or a header. Null for errors it does not know. */
export function failureMessage(err: unknown): string | null {
  if (err instanceof GitHubPagingError || err instanceof MalformedResponseError) return err.message;
  if (err instanceof InstallationGoneError) return texts.reauth;
  if (err instanceof GitHubApiError) {
    if (err.code === 'timeout') return 'GitHub did not answer in time (GITHUB_TIMEOUT_MS); nothing was removed.';
    if (err.code === 'aborted')
      return 'The request to GitHub was cancelled (the service shut down or the run reached its deadline); nothing was removed.';
    if (err.status === 0) return 'The connection to GitHub broke off before an answer came; nothing was removed.';
    if (err.code === 'rate-limited')
      return "GitHub's rate limit held and waiting for it would pass the run's time budget; nothing was removed and the next run tries again.";
    if (err.status >= 500)
      return `GitHub was unavailable (${err.status}), even after retries; nothing was removed and the next run tries again.`;
    return `GitHub answered ${err.status} ${err.code.replace(/[^\w .-]/g, '').slice(0, 80)}; nothing was removed.`;
  }
  return null;
}
