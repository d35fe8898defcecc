import { normaliseEmail } from '../../identity/email';
import type { AccountSource, Listing, RemoteApp } from '../connector';
import { describeCustomer } from './app';
import type { Directory } from './client';
import { getDomains, getUsersPage } from './get';
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

  /** Every directory user, page by page: Google has no change feed for users.list, so every run is complete. */
  listing(): Listing {
    return { kind: 'complete', page: (cursor, ctx) => getUsersPage(this.dir, cursor, ctx), transform: transformUsers };
  }

  /** The customer's domains and domain aliases, normalised: addresses there belong to the directory. */
  async domains(): Promise<string[]> {
    const list = await getDomains(this.dir);
    return [...new Set(list.map((d) => normaliseEmail(d.name)))];
  }
}
