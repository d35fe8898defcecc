import Bottleneck from 'bottleneck';

/**
 * Paces requests to a provider per remote app (Bottleneck, one limiter per key): at most `perSecond` requests a
 * second, one at a time. Keyed by the app (workspace, customer), so every connection to one app shares its
 * budget, which is how providers count. `onWait` receives the milliseconds a request waited for its turn.
 */
export class Pacer {
  private readonly group: Bottleneck.Group | null;

  constructor(
    perSecond: number,
    private readonly onWait: (ms: number) => void = () => undefined,
  ) {
    this.group =
      perSecond > 0 ? new Bottleneck.Group({ maxConcurrent: 1, minTime: Math.ceil(1000 / perSecond), timeout: 10 * 60_000 }) : null;
  }

  /** Runs `request` when the app's budget allows. */
  async run<T>(key: string, request: () => Promise<T>): Promise<T> {
    if (!this.group) return request();
    const queued = Date.now();
    return this.group.key(key).schedule(() => {
      this.onWait(Date.now() - queued);
      return request();
    });
  }
}
