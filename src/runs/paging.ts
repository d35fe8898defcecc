import { type AccountBatch, type Listing, type Page, type PagingLimits, PagingError } from '../connectors/connector';
import { toAccountBatch } from '../identity/account-rows';
import { abortedRun } from './run-deadline';

/** What a listing ended with: the resume point its last page named (null: none). */
export interface ListingEnd {
  resume: string | null;
}

const outOfTime = (who: string) => `The run used up its time budget (SYNC_RUN_BUDGET_SECONDS) before ${who} listed every account.`;

/**
 * A listing read whole, as the write path takes it: paged (`page(cursor)` from null until `next` is null) with every
 * guard once for every connector, the raw items regrouped in batches of about `batchSize` (a page larger than that is
 * one batch), each transformed and normalised. The run's deadline signal (budget or shutdown) fails it with the run's
 * abort error, also when it ended a request in flight; most pages, a cursor given twice (a loop), a next page
 * announced without a cursor, and too many empty pages announcing more throw PagingError. `who` names the provider in
 * those sentences. `end.resume` holds the last page's resume point once the listing is done.
 */
export async function* accountBatches(
  listing: Listing,
  batchSize: number,
  limits: PagingLimits,
  who: string,
  end: ListingEnd = { resume: null },
): AsyncGenerator<AccountBatch> {
  // The run's deadline (issue 19: its budget and shutdown as one signal); a caller without one gets the budget's.
  const signal = limits.signal ?? AbortSignal.timeout(Math.max(0, limits.deadline - Date.now()));
  const cursors = new Set<string>();
  let cursor: string | null = null;
  let count = 0;
  let empty = 0;
  let raw: unknown[] = [];
  for (;;) {
    if (signal.aborted) throw abortedRun(signal);
    if (Date.now() > limits.deadline) throw new PagingError(outOfTime(who));
    if (++count > limits.maxPages)
      throw new PagingError(`${who} kept announcing more accounts after ${limits.maxPages} pages (SYNC_MAX_PAGES); stopped.`);
    let page: Page;
    try {
      page = await listing.page(cursor, { signal, deadline: limits.deadline });
    } catch (err) {
      // A request the run's own signal ended fails as the run ending, not as the provider's error.
      throw signal.aborted ? abortedRun(signal) : err;
    }
    if (page.next === '') throw new PagingError(`${who} announced more accounts without saying where the next page is.`);
    if (page.next !== null) {
      if (cursors.has(page.next)) throw new PagingError(`${who} returned a page cursor it had already given: its paging looped.`);
      cursors.add(page.next);
    }
    empty = page.items.length === 0 && page.next !== null ? empty + 1 : 0;
    if (empty > limits.maxEmptyPages)
      throw new PagingError(`${who} returned ${empty} empty pages in a row while announcing more accounts.`);
    raw.push(...page.items);
    if (page.next === null) {
      end.resume = page.resume ?? null;
      break;
    }
    if (raw.length >= batchSize) {
      yield toAccountBatch(listing.transform(raw), raw.length);
      raw = [];
    }
    cursor = page.next;
  }
  // An empty last batch still ends the listing cleanly (a changes listing may hold only removals on its last page).
  if (raw.length > 0) yield toAccountBatch(listing.transform(raw), raw.length);
}
