import type { AccountSource, Listing, Page, PageContext, RemoteApp } from '../connector';
import type { RunBounds, Slack } from './client';
import { getMembersPage, getTeam } from './get';
import { toTransformed, transformMembers } from './transform';

/** One connection's view of its Slack workspace during a run (get → transform). */
export class SlackSource implements AccountSource {
  constructor(
    private readonly slack: Slack,
    /** The workspace's team id (the app's id): members of another team are strangers. */
    private readonly teamId: string,
    private readonly bounds: RunBounds,
  ) {}

  /** The workspace now (team.info). */
  app(): Promise<RemoteApp> {
    return getTeam(this.slack);
  }

  /**
   * users.list is always complete (Slack has no delta): a member not listed, or listed as deactivated, has left.
   * Each page's waits and retries end by the page context's deadline and signal. A grant without users:read.email
   * needs no check here: Slack leaves every address out, and the core then marks the connection NO_EMAIL with
   * `texts.noEmailAccess`; the app node keeps `grantedScopes` / `emailScope` (team.info's `x-oauth-scopes`).
   */
  listing(): Listing {
    return {
      kind: 'complete',
      page: async (cursor: string | null, ctx: PageContext): Promise<Page> => {
        this.bounds.deadline = Math.min(this.bounds.deadline, ctx.deadline);
        this.bounds.signal ??= ctx.signal;
        return getMembersPage(this.slack, cursor);
      },
      transform: (items) => toTransformed(transformMembers(items, this.teamId)),
    };
  }
}
