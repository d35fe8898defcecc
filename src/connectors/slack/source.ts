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

  private team: Promise<RemoteApp> | null = null;

  /** The workspace now (team.info), read once per source. */
  app(): Promise<RemoteApp> {
    this.team ??= getTeam(this.slack);
    return this.team;
  }

  /**
   * users.list is always complete (Slack has no delta): a member not listed, or listed as deactivated, has left.
   * Each page's waits and retries end by the page context's deadline and signal. A grant without users:read.email
   * (team.info's `x-oauth-scopes`, kept as `emailScope`) makes no unmanaged accounts: Slack leaves every address out,
   * its members are skipped and counted, and the core marks the connection NO_EMAIL with `texts.noEmailAccess`.
   */
  async listing(): Promise<Listing> {
    const emailScope = (await this.app()).attributes.emailScope !== false;
    return {
      kind: 'complete',
      page: async (cursor: string | null, ctx: PageContext): Promise<Page> => {
        this.bounds.deadline = Math.min(this.bounds.deadline, ctx.deadline);
        this.bounds.signal ??= ctx.signal;
        return getMembersPage(this.slack, cursor);
      },
      transform: (items) => toTransformed(transformMembers(items, this.teamId), emailScope),
    };
  }
}
