const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Longest a batch write waits for the API's reads, whatever their number: a run under load still converges. */
export const MAX_WRITE_WAIT_MS = 200;

/**
 * GraphQL requests the API thread is answering right now, shared with the `all` role's sync thread through a
 * SharedArrayBuffer: the sync reads it before each batch write with no message and no Neo4j round trip.
 */
export class ReadPressure {
  private readonly count: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.count = new Int32Array(buffer);
  }

  /** A request started. */
  enter(): void {
    Atomics.add(this.count, 0, 1);
  }

  /** A request ended. */
  leave(): void {
    Atomics.sub(this.count, 0, 1);
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return Atomics.load(this.count, 0);
  }
}

/**
 * What the sync calls before each batch write (ADR 0012): while the API answers requests, wait 10 ms per
 * request in flight, up to MAX_WRITE_WAIT_MS, rechecking as they finish; an idle API costs nothing.
 */
export function yieldToReads(pressure: ReadPressure, maxWaitMs = MAX_WRITE_WAIT_MS): () => Promise<void> {
  return async () => {
    const deadline = Date.now() + Math.min(maxWaitMs, 10 * pressure.inFlight);
    while (pressure.inFlight > 0 && Date.now() < deadline) await sleep(10);
  };
}
