import { normaliseEmail } from '../../identity/email';
import type { AccountBatch, AccountSource, PagingLimits, RemoteApp } from '../connector';
import { describeCustomer } from './app';
import type { Directory } from './client';
import { getDomains, getUsers } from './get';
import { transformUsers } from './transform';

/** One connection's view of its Google customer during a run (get → transform). */
export class GoogleSource implements AccountSource {
  constructor(
    private readonly dir: Directory,
    private readonly appId: string,
  ) {}

  /** The customer now; for a grant that cannot read the directory, the stored id (a domain when keyed by `hd`). */
  app(): Promise<RemoteApp> {
    return describeCustomer(this.dir, { id: this.appId, domain: this.appId.includes('.') ? this.appId : null });
  }

  /** Every directory user, in batches of about `batchSize`; a failure halfway throws. */
  async *accounts(batchSize: number, limits: PagingLimits): AsyncGenerator<AccountBatch> {
    let batch: unknown[] = [];
    for await (const page of getUsers(this.dir, limits)) {
      batch.push(...page);
      if (batch.length >= batchSize) {
        yield transformUsers(batch);
        batch = [];
      }
    }
    if (batch.length > 0) yield transformUsers(batch);
  }

  /** The customer's domains and domain aliases, normalised: addresses there belong to the directory. */
  async domains(): Promise<string[]> {
    const list = await getDomains(this.dir);
    return [...new Set(list.map((d) => normaliseEmail(d.name)))];
  }
}
