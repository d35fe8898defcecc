import type { App } from '../src/app';
import type { GoogleStandin } from './lib/google-standin';
import { seconds } from './lib/stats';

export const GOOGLE_REDIRECT_URI = 'http://127.0.0.1/google-cb';

/** The app's variables that point its Google connector at the benchmark's stand-in process, unpaced. */
export const googleBenchEnv = (url: string): Record<string, string> => ({
  GOOGLE_CLIENT_ID: 'bench',
  GOOGLE_CLIENT_SECRET: 'bench-secret',
  GOOGLE_REDIRECT_URI,
  GOOGLE_API_BASE_URL: url,
  GOOGLE_AUTHORIZE_URL: `${url}/o/oauth2/v2/auth`,
  GOOGLE_TOKEN_URL: `${url}/token`,
  GOOGLE_REVOKE_URL: `${url}/revoke`,
  GOOGLE_REQUESTS_PER_SECOND: '0',
});

/**
 * Figure 8: one first sync of a freshly seeded directory of `n` users through the Google connector, end to end
 * (code exchange to run finished, including the directory's alias reconcile and employment statuses).
 */
export async function googleFirstSync(app: App, google: GoogleStandin, n: number, label: string) {
  const seeded = await google.seedCustomer({ domain: `${label}-${n}.example.com`, users: n });
  const tenant = `${label}-${n}-${seeded.id}`;
  const t = performance.now();
  const svc = app.services.connectionService;
  const auth = await svc.connect(tenant, 'google_workspace');
  const connection = await svc.complete(
    tenant,
    await google.authorize({ customerId: seeded.id, redirectUri: GOOGLE_REDIRECT_URI }),
    auth.state,
  );
  await app.sync.idle();
  const s = seconds(t);
  const run = (await app.services.runs.latestFor([connection.id])).get(connection.id) ?? null;
  if (run?.status !== 'SUCCEEDED' || run.accountsWritten !== n)
    throw new Error(`Google first sync of ${n}: ${run?.status} ${run?.accountsWritten} written ${run?.error ?? ''}`);
  return { seconds: s, rate: n / s, connection };
}
