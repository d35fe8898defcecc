import { accountBatches } from '../src/runs/paging';
import type { Env } from '../src/config/env';
import { createGoogleWorkspace } from '../src/connectors/google-workspace';
import { DEFAULT_BACKOFF } from '../src/connectors/google-workspace/settings';
import { createLogger } from '../src/lib/logger';
import { startGoogleStandinProcess } from './lib/google-standin';

/**
 * Figure 8's preparation: seeds the Google stand-in (own process) with a directory of N users (default 50k)
 * and times the connector's get → transform of it, unthrottled, without Neo4j. The lead wires the full
 * first sync (with the write path) into bench/main.ts as figure 8.
 */
async function main() {
  const users = Number(process.argv[2] ?? 50_000);
  const standin = await startGoogleStandinProcess();
  try {
    const seeded = await standin.seedCustomer({ domain: 'bench.example.com', users });
    const redirectUri = 'http://localhost/bench/callback';
    const connector = createGoogleWorkspace(
      {
        clientId: 'bench',
        clientSecret: 'bench-secret',
        redirectUri,
        apiBaseUrl: standin.url,
        authorizeUrl: `${standin.url}/o/oauth2/v2/auth`,
        tokenUrl: `${standin.url}/token`,
        revokeUrl: `${standin.url}/revoke`,
        timeoutMs: 30_000,
        requestsPerSecond: 0,
        backoff: DEFAULT_BACKOFF,
      },
      { env: {} as Env, logger: createLogger('silent'), observe: () => undefined, onPacingWait: () => undefined },
    );
    const grant = await connector.oauth.exchangeCode(await standin.authorize({ customerId: seeded.id, redirectUri }), redirectUri);
    const started = process.hrtime.bigint();
    let rows = 0;
    const listing = await connector.source(grant.accessToken, grant.app.id, new AbortController().signal).listing(null);
    const limits = { maxPages: 5000, deadline: Date.now() + 3_600_000, maxEmptyPages: 3 };
    for await (const batch of accountBatches(listing, 1000, limits, connector.displayName)) rows += batch.rows.length;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(
      `seeded ${seeded.users} users in ${seeded.seedMs} ms; listed ${rows} in ${seconds.toFixed(2)} s (${Math.round(rows / seconds)} users/s, get → transform only)\n`,
    );
  } finally {
    await standin.close();
  }
}
void main();
