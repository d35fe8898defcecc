/**
 * Shares one read of a changing value between concurrent callers without ever answering a caller with a
 * read that began before it asked: a caller arriving while a read is under way waits for the next one,
 * which starts as soon as the current one ends and serves everyone who arrived meanwhile. So at most one
 * read runs at a time, at most one more is pending, and every answer is at least as new as the caller.
 */
export class SharedRead<T> {
  private current: Promise<T> | null = null;
  private pending: Promise<T> | null = null;

  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.current) {
      this.current = this.read().finally(() => {
        this.current = null;
      });
      return this.current;
    }
    this.pending ??= this.current
      .catch(() => undefined)
      .then(() => {
        this.pending = null;
        return this.get();
      });
    return this.pending;
  }
}
