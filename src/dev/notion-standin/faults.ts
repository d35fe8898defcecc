import { FaultQueue } from '../standin-kit/fault-queue';

/** A scripted failure, consumed in order when a request matches it. */
export type Fault = {
  path?: string;
  workspaceId?: string;
  times?: number;
  afterRequests?: number;
} & (
  | { kind: 'status'; status: number; code?: string; message?: string; retryAfter?: number; rateLimitReason?: string }
  | { kind: 'hang' }
  /** Held until `until` settles, then answered as usual; `onHeld` is told when the request arrives. For tests that act mid-run. */
  | { kind: 'hold'; until: Promise<unknown>; onHeld?: () => void }
  | { kind: 'malformed' }
  /** Headers and half a body, then the connection is destroyed. */
  | { kind: 'reset' }
  /** `/v1/users`: no results, `has_more: true`, and a fresh cursor to the same position. */
  | { kind: 'empty-page' }
  /** `/v1/users`: the last page says `has_more` and points back to the first page (a pagination loop). */
  | { kind: 'loop' }
  /** `/v1/users`: the page starts with the previous page's last member again (the same member on two pages). */
  | { kind: 'duplicate' }
);

/** The kit's queue (standin-kit/fault-queue.ts), a fault's scope being its `workspaceId`. */
export const newFaults = (): FaultQueue<Fault> => new FaultQueue<Fault>((f) => f.workspaceId);
