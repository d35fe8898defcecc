import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LoadResult {
  rps: number;
  p99: number;
  p90: number;
  p50: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 200s whose body held GraphQL errors (mixed loads only). */
  graphqlErrors: number;
  firstErrors: string[];
  total: number;
  /** With a list of bodies: each one's request count and latency percentiles (ms), in the list's order. */
  byBody?: { n: number; p50: number; p99: number }[];
  /** With a list of bodies: the same for each 10-second window of the run, in order. */
  byWindow?: { n: number; p50: number; p99: number }[];
}

/** Requests drawn at random, each with its own headers (another tenant's JWT): figure 9's mix. */
export class RandomMix {
  readonly items: { body: string; headers: Record<string, string> }[];
  constructor(items: { body: unknown; headers: Record<string, string> }[]) {
    this.items = items.map((i) => ({ body: JSON.stringify(i.body), headers: i.headers }));
  }
}

/** POSTs GraphQL with autocannon from a child process: `connections` at once for `seconds`; `body` may be a list to cycle through. */
export function loadTest(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const payload =
    body instanceof RandomMix
      ? { items: body.items }
      : Array.isArray(body)
        ? { bodies: body.map((b) => JSON.stringify(b)) }
        : { body: JSON.stringify(body) };
  const opts = {
    url,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...headers },
    ...payload,
  };
  // Large option sets (figure 9's mix) go through a file: one argument may hold at most 128 KiB.
  let arg = JSON.stringify(opts);
  if (arg.length > 64_000) {
    const file = path.join(os.tmpdir(), `load-${process.pid}-${Date.now()}.json`);
    writeFileSync(file, arg);
    arg = `@${file}`;
  }
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', path.join(__dirname, 'load-child.ts'), arg],
      { maxBuffer: 1 << 20 },
      (err, stdout) => {
        if (err) return reject(err);
        resolve(JSON.parse(stdout) as LoadResult);
      },
    );
  });
}
