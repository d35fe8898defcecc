/**
 * Up to `size` batch writes in flight while the next pages are fetched: Neo4j runs each transaction on one
 * thread, so two at once use both cores. `add` waits for a free slot and throws the first write's failure;
 * `settle` waits for every write still running (so a failed run never leaves writes behind it).
 */
export class WriteWindow {
  private readonly running = new Set<Promise<void>>();
  private failure: { err: unknown } | null = null;

  constructor(private readonly size: number) {}

  async add(write: () => Promise<void>): Promise<void> {
    await this.waitBelow(Math.max(1, this.size));
    const p: Promise<void> = write()
      .catch((err: unknown) => {
        this.failure ??= { err };
      })
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  /** Waits for every write and throws the first failure. */
  async drain(): Promise<void> {
    await this.waitBelow(1);
  }

  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.race(this.running);
  }

  private async waitBelow(limit: number): Promise<void> {
    while (this.running.size >= limit && !this.failure) await Promise.race(this.running);
    if (this.failure) throw this.failure.err;
  }
}
