import type { AccountBatch, AccountSource, PagingLimits, RemoteApp } from '../connector';
import type { RunBounds, Slack } from './client';
import { getMembers, getTeam } from './get';
import { type SlackRead, toBatch, transformMembers } from './transform';

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

  /** Every member as this connector reads it (roles, MFA, guests, leavers, unmanaged), in batches of about `batchSize`. */
  async *members(batchSize: number, limits: PagingLimits): AsyncGenerator<SlackRead> {
    this.bounds.deadline = Math.min(this.bounds.deadline, limits.deadline);
    let batch: unknown[] = [];
    for await (const page of getMembers(this.slack, limits, (s) => (this.scopes = s))) {
      batch.push(...page);
      if (batch.length >= batchSize) {
        yield transformMembers(batch, this.teamId);
        batch = [];
      }
    }
    if (batch.length > 0) yield transformMembers(batch, this.teamId);
  }

  /** The same members in today's contract (toBatch); a failure halfway throws. */
  async *accounts(batchSize: number, limits: PagingLimits): AsyncGenerator<AccountBatch> {
    for await (const read of this.members(batchSize, limits)) yield toBatch(read);
  }
}
