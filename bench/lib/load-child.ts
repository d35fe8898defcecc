import { readFileSync } from 'node:fs';
// autocannon ships no types; this is the part used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<{
  requests: { average: number; total: number };
  latency: { p99: number; p90: number; p50: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}>;

/**
 * autocannon in its own process (so load generation does not share the server's event loop); argv[2] is its
 * options as JSON. With `bodies` (instead of `body`), each client cycles through them, and a 200 whose body
 * holds GraphQL `errors` is counted as an error too.
 */
async function main() {
  const { bodies, items, ...opts } = JSON.parse(
    process.argv[2].startsWith('@') ? readFileSync(process.argv[2].slice(1), 'utf8') : process.argv[2],
  ) as Record<string, unknown> & { bodies?: string[]; items?: { body: string; headers: Record<string, string> }[] };
  let graphqlErrors = 0;
  const firstErrors: string[] = [];
  // Each client sends one request at a time, so the time from its setup to its response is that request's latency.
  const perBody: number[][] = (bodies ?? []).map(() => []);
  // And by 10-second window of the run, to see when slow answers happen (e.g. during a first sync's writes).
  const perWindow: number[][] = [];
  const begun = performance.now();
  const requests = bodies?.map((body, i) => ({
    method: 'POST',
    body,
    setupRequest: (req: Record<string, unknown>, context: { started?: number }) => {
      context.started = performance.now();
      return req;
    },
    onResponse: (status: number, text: string, context: { started?: number }) => {
      if (context.started !== undefined) {
        const now = performance.now();
        perBody[i].push(now - context.started);
        (perWindow[Math.floor((now - begun) / 10_000)] ??= []).push(now - context.started);
      }
      if (status === 200 && !text.includes('"errors"')) return;
      graphqlErrors++;
      if (firstErrors.length < 3) firstErrors.push(text.slice(0, 300));
    },
  }));
  // With `items`, every request is one of them at random (its own body and headers, e.g. another tenant's JWT).
  const random = items && [
    {
      method: 'POST',
      setupRequest: (req: { headers: Record<string, string> }) => {
        const it = items[Math.floor(Math.random() * items.length)];
        return { ...req, method: 'POST', body: it.body, headers: { ...req.headers, ...it.headers } };
      },
      onResponse: (status: number, text: string) => {
        if (status === 200 && !text.includes('"errors"')) return;
        graphqlErrors++;
        if (firstErrors.length < 3) firstErrors.push(text.slice(0, 300));
      },
    },
  ];
  const result = await autocannon(random ? { ...opts, requests: random } : requests ? { ...opts, requests } : opts);
  process.stdout.write(
    JSON.stringify({
      rps: result.requests.average,
      p99: result.latency.p99,
      p90: result.latency.p90,
      p50: result.latency.p50,
      max: result.latency.max,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      graphqlErrors,
      firstErrors,
      total: result.requests.total,
      byBody: perBody.map((ms) => percentiles(ms)),
      byWindow: Array.from(perWindow, (ms) => percentiles(ms ?? [])),
    }),
  );
}
void main();

/** Count, p50 and p99 (ms) of one body's latencies. */
function percentiles(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { n: sorted.length, p50: at(0.5), p99: at(0.99) };
}
