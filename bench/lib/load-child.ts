// autocannon ships no types; this is the part used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<{
  requests: { average: number; total: number };
  latency: { p99: number; p50: number };
  non2xx: number;
  errors: number;
}>;

/** autocannon in its own process (so load generation does not share the server's event loop); argv[2] is its options as JSON. */
async function main() {
  const opts = JSON.parse(process.argv[2]) as Record<string, unknown>;
  const result = await autocannon(opts);
  process.stdout.write(
    JSON.stringify({ rps: result.requests.average, p99: result.latency.p99, p50: result.latency.p50, non2xx: result.non2xx, errors: result.errors, total: result.requests.total }),
  );
}
void main();
