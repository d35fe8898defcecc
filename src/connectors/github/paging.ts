import type { PagingLimits } from '../connector';
import { GitHubPagingError } from './github-errors';

/**
 * One enumeration's bounds, checked before and after every page: shutdown or the run's deadline, too many pages, a
 * cursor or Link already given (a loop), and empty pages that still announce more. `what` names the list.
 */
export class PageGuard {
  private pages = 0;
  private empty = 0;
  private readonly seen = new Set<string>();

  constructor(
    private readonly limits: PagingLimits,
    private readonly what: string,
  ) {}

  /** Before a page: throws when the run must stop. */
  before(): void {
    if (this.limits.signal?.aborted)
      throw new GitHubPagingError(
        'The service shut down or the run reached its deadline before GitHub listed everyone; nothing was removed.',
      );
    if (Date.now() > this.limits.deadline)
      throw new GitHubPagingError(`The run used up its time budget (SYNC_RUN_BUDGET_SECONDS) before GitHub listed every ${this.what}.`);
    if (++this.pages > this.limits.maxPages)
      throw new GitHubPagingError(
        `GitHub kept announcing more ${this.what}s after ${this.limits.maxPages} pages (SYNC_MAX_PAGES); stopped.`,
      );
  }

  /** After a page of `size` entries that points on to `next` (null: the last page). */
  after(size: number, next: string | null): void {
    if (next !== null) {
      if (this.seen.has(next))
        throw new GitHubPagingError(`GitHub returned a ${this.what} page position it had already given: its paging looped.`);
      this.seen.add(next);
    }
    this.empty = size === 0 && next !== null ? this.empty + 1 : 0;
    if (this.empty > this.limits.maxEmptyPages)
      throw new GitHubPagingError(`GitHub returned ${this.empty} empty pages in a row while announcing more ${this.what}s.`);
  }
}

/** An abortable sleep: rejects when the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new GitHubPagingError('The run was cancelled while waiting for GitHub.'));
    const stop = () => {
      clearTimeout(timer);
      reject(new GitHubPagingError('The run was cancelled while waiting for GitHub.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** The `rel="next"` URL of a Link header, or null. */
export function nextLink(link: string | null | undefined): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (m) return m[1];
  }
  return null;
}
