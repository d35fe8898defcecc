import Bottleneck from 'bottleneck';

/**
 * Paces requests to Google per customer (Bottleneck, one limiter per key): at most `perSecond` a second, one
 * at a time. Google counts queries per user per project; one connection holds one user's grant per customer,
 * so the customer is the key. `onWait` receives the milliseconds a request waited for its turn.
 */
export class GooglePacer {
  private readonly group: Bottleneck.Group | null;

  constructor(
    perSecond: number,
    private readonly onWait: (ms: number) => void = () => undefined,
  ) {
    this.group = perSecond > 0 ? new Bottleneck.Group({ maxConcurrent: 1, minTime: Math.ceil(1000 / perSecond), timeout: 10 * 60_000 }) : null;
  }

  /** Runs `request` when the customer's budget allows. */
  async run<T>(key: string, request: () => Promise<T>): Promise<T> {
    if (!this.group) return request();
    const queued = Date.now();
    return this.group.key(key).schedule(() => {
      this.onWait(Date.now() - queued);
      return request();
    });
  }
}
