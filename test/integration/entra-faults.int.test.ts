import { randomUUID } from 'node:crypto';
import type { EntraSandbox, Fault } from '../../src/dev/entra-standin';
import { entraEnv, startEntra } from '../support/entra';
import { connectEntra } from '../support/entra-flows';
import { memberEmails, syncNow } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

/** Issue 20's faults: the real stack, the HTTPS stand-in through msal-node and graph-client's RetryHandler. */
jest.setTimeout(240_000); // the machine is shared: a sync can wait its turn
let h: Harness;
let entra: EntraSandbox;
beforeAll(async () => {
  entra = await startEntra();
  h = await startHarness({ ...entraEnv(entra), MICROSOFT_TIMEOUT_MS: '1500' });
}, 60_000);
afterAll(async () => {
  await h.close();
  await entra.stop();
});

const USERS = '/v1.0/users';
/** Every run reads /users twice for 1,200 people ($top=999): the second request is page 2. */
const page2 = { path: USERS, afterRequests: 1 } as const;

/** A connected directory of 1,200 (two pages) that then changes: two deleted, one added. */
async function changedDirectory() {
  const tenant = newTenant();
  const d = `f${randomUUID().slice(0, 8)}.test`;
  const t = entra.seedTenant({ domain: d, users: 1200 });
  const id = await connectEntra(h, entra, tenant, t.id);
  const before = await memberEmails(h, tenant, t.id);
  entra.deleteUser(t.id, `user10@${d}`);
  entra.deleteUser(t.id, `user11@${d}`);
  entra.addUser(t.id, { userPrincipalName: `newcomer@${d}` });
  // Re-syncs follow the kept delta link; an expired one makes each of them the complete /users read these faults bend.
  entra.expireDeltaTokens(t.id);
  const truth = entra
    .tenant(t.id)
    .users.map((u) => u.userPrincipalName)
    .sort();
  return { tenant, t, id, before, truth };
}

type Changed = Awaited<ReturnType<typeof changedDirectory>>;

/** Injects the faults, syncs: FAILED with a sentence (no HTTP internals), graph untouched, status as given. */
async function failsSafely(s: Changed, faults: Fault[], error: RegExp, status = 'CONNECTED') {
  for (const f of faults) entra.injectFault({ ...f, scope: s.t.id } as Fault);
  const failed = await syncNow(h, s.tenant, s.id);
  expect(failed.lastSync).toMatchObject({ status: 'FAILED', membershipsRemoved: 0 });
  expect(failed.lastSync.error).toMatch(error);
  expect(failed.lastSync.error).not.toMatch(/Cypher|Neo4j|Bearer|eyJ/);
  expect(failed.status).toBe(status);
  expect(await memberEmails(h, s.tenant, s.t.id)).toEqual(s.before);
  entra.clearFaults();
}

/** With the fault gone, the next run converges to the directory's truth. */
async function converges(s: Changed) {
  const ok = await syncNow(h, s.tenant, s.id);
  expect(ok.lastSync).toMatchObject({ status: 'SUCCEEDED', membershipsRemoved: 2 });
  expect(await memberEmails(h, s.tenant, s.t.id)).toEqual(s.truth);
}

const usersAnswers = (tenantFrom: number) => entra.requests.slice(tenantFrom).filter((r) => r.path === USERS);

describe('faults Microsoft can throw at a sync', () => {
  it('waits out a 429 for its Retry-After and completes', async () => {
    const s = await changedDirectory();
    entra.injectFault({ ...page2, scope: s.t.id, kind: 'status', status: 429, retryAfter: 1 });
    const from = entra.requests.length;
    await converges(s);
    const [, throttled, retried] = usersAnswers(from);
    expect([throttled.status, retried.status]).toEqual([429, 200]);
    expect(retried.at - throttled.at).toBeGreaterThanOrEqual(950);
  });

  it('retries 503 and 504 (graph-client RetryHandler) and completes', async () => {
    const s = await changedDirectory();
    entra.injectFault({ ...page2, scope: s.t.id, kind: 'status', status: 503, retryAfter: 0 });
    entra.injectFault({ path: USERS, scope: s.t.id, kind: 'status', status: 504, retryAfter: 0 });
    await converges(s);
  });

  it('fails, removing nothing, when Graph stays unavailable past the retries', async () => {
    const s = await changedDirectory();
    await failsSafely(s, [{ ...page2, kind: 'status', status: 503, retryAfter: 0, times: 4 }], /unavailable \(503\), even after retries/);
    await converges(s);
  });

  it("does not start a Retry-After wait that would pass the run's deadline", async () => {
    const s = await changedDirectory();
    const started = Date.now();
    await failsSafely(s, [{ ...page2, kind: 'status', status: 429, retryAfter: 86_400 }], /throttling \(429\)/);
    expect(Date.now() - started).toBeLessThan(60_000);
    await converges(s);
  });

  it('gives up on a request that hangs (MICROSOFT_TIMEOUT_MS)', async () => {
    const s = await changedDirectory();
    await failsSafely(s, [{ ...page2, kind: 'hang' }], /did not answer in time/);
    await converges(s);
  });

  it('fails on a body cut short', async () => {
    const s = await changedDirectory();
    await failsSafely(s, [{ ...page2, kind: 'cut' }], /broke off/);
    await converges(s);
  });

  it('stops a nextLink that loops', async () => {
    const s = await changedDirectory();
    await failsSafely(s, [{ ...page2, kind: 'loop' }], /looped/);
    await converges(s);
  });

  it('takes a fresh app-only token when Graph rejects the cached one, and completes', async () => {
    const s = await changedDirectory();
    const issued = entra.appTokensIssued(s.t.id);
    entra.injectFault({ ...page2, scope: s.t.id, kind: 'status', status: 401, code: 'InvalidAuthenticationToken' });
    await converges(s);
    expect(entra.appTokensIssued(s.t.id)).toBe(issued + 1);
  });

  it('fails, removing nothing, when the token endpoint is unavailable, and converges after', async () => {
    const s = await changedDirectory();
    const token = `/${s.t.id}/oauth2/v2.0/token`;
    // Graph refuses the cached token, so the run needs a new one, and the identity platform is down.
    await failsSafely(
      s,
      [
        { path: '/v1.0/organization', kind: 'status', status: 401, code: 'InvalidAuthenticationToken', times: 2 },
        { path: token, kind: 'status', status: 503, retryAfter: 1 },
      ],
      /identity platform/,
    );
    await new Promise((r) => setTimeout(r, 1100)); // msal keeps the 503's Retry-After and sends nothing before it ends
    await converges(s);
  });
});
