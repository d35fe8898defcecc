import type { ConnectorTexts, ErrorKind } from '../connector';
import { EMAIL_SCOPE } from './get';
import { REAUTH_ERRORS, SlackApiError, SlackGaveUpError } from './slack-errors';

/** What the connection card says, in Slack's words. */
export const texts: ConnectorTexts = {
  noMemberAccess:
    "Layer's Slack app may not list this workspace's members (users:read was not granted); reinstall Slack to Layer and allow every permission it asks for.",
  noEmailAccess:
    `Slack listed the members without their email addresses: the installation did not grant ${EMAIL_SCOPE}, so new members are kept ` +
    'as unmanaged accounts, members already matched keep their person, and nobody was removed. Reinstall Slack to Layer and allow ' +
    '"View email addresses of people in your workspace".',
  reauth:
    'Slack no longer accepts the stored token: the Layer app was uninstalled from the workspace, its token revoked, or the workspace ' +
    'deactivated. Reinstall Slack to Layer from the connection.',
};

/** A missing_scope answer for users:read itself (not users:read.email): the grant may not list members at all. */
const cannotListMembers = (e: SlackApiError) =>
  e.code === 'missing_scope' && (e.needed ?? '').split(',').some((s) => s.trim() === 'users:read');

/** How the core should read what the connector threw. */
export function classify(err: unknown): ErrorKind {
  if (err instanceof SlackApiError && err.status === 200) {
    // Bad, revoked, expired token, or the app removed (account_inactive): the core refreshes once (rotation), then NEEDS_REAUTH.
    if (REAUTH_ERRORS.has(err.code)) return 'unauthorized';
    if (cannotListMembers(err)) return 'restricted';
  }
  return 'other';
}

/** A sentence for the run record; it never carries a token, a URL or a body. Null for errors it does not know. */
export function failureMessage(err: unknown): string | null {
  if (err instanceof SlackGaveUpError) return err.message;
  if (!(err instanceof SlackApiError)) return null;
  if (err.code === 'aborted')
    return 'The request to Slack was cancelled (the service shut down or the run reached its deadline); nothing was removed.';
  if (err.code === 'timeout') return 'Slack did not answer in time (SLACK_TIMEOUT_MS), even after retries; nothing was removed.';
  if (err.status === 0) return 'The connection to Slack broke off before the answer was complete, even after retries; nothing was removed.';
  if (err.code === 'malformed') return 'Slack answered with a body that is not what its Web API promises; nothing was removed.';
  if (err.code === 'missing_scope')
    return `Slack refused: the installation lacks the scope ${err.needed ?? '(Slack did not name it)'}. Reinstall Slack to Layer and allow every permission it asks for; nothing was removed.`;
  if (err.status === 429) return 'Slack rate-limited the request (429) without saying how long to wait; nothing was removed.';
  if (err.status >= 500)
    return `Slack was unavailable (${err.status}), even after retries; nothing was removed and the next run tries again.`;
  if (REAUTH_ERRORS.has(err.code)) return texts.reauth;
  return `Slack answered ${err.code}; nothing was removed.`;
}
