import type { AccountSource, Listing, Page, PageContext, RemoteApp } from '../connector';
import type { RunBounds, Slack } from './client';
import { getMembersPage, getTeam } from './get';
import { toTransformed, transformMembers } from './transform';

/** One connection's view of its Slack workspace during a run (get → transform). */
export class SlackSource implements AccountSource {
  /** The token's scopes as the first users.list page said them (null until read, or when Slack did not say). */
  scopes: string[] | null = null;

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
   * Each page's waits and retries end by the page context's deadline and signal.
   */
  listing(): Listing {
    return {
      kind: 'complete',
      page: async (cursor: string | null, ctx: PageContext): Promise<Page> => {
        this.bounds.deadline = Math.min(this.bounds.deadline, ctx.deadline);
        this.bounds.signal ??= ctx.signal;
        const { page, scopes } = await getMembersPage(this.slack, cursor);
        if (cursor === null) this.scopes = scopes;
        return page;
      },
      transform: (items) => toTransformed(transformMembers(items, this.teamId)),
    };
  }
}
