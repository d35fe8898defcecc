/**
 * Reads one batch ahead: while the caller writes batch N, batch N+1 is already being fetched, so Neo4j
 * writes overlap the provider's round trips. An error of the prefetch surfaces when its batch is reached.
 */
export async function* prefetchOne<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  for (;;) {
    const result = await next;
    if (result.done) return;
    next = source.next();
    next.catch(() => undefined); // observed here; rethrown by the await above on the next turn
    yield result.value;
  }
}
