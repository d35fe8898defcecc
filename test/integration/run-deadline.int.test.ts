import { randomUUID } from 'node:crypto';
import type { Fault as GoogleFault } from '../../src/dev/google-standin';
import type { Fault as NotionFault } from '../../src/dev/notion-standin/faults';
import { connectGoogle, connectWorkspace, getConnection, memberEmails, syncNow } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

/**
 * Issue 19: SYNC_RUN_BUDGET_SECONDS is a hard deadline for every connector. A provider that never answers, or
 * whose client waits out a long Retry-After, fails the run within the budget plus 5 s; the lease is freed,
 * nothing is removed, and the next run converges. The providers' own timeouts are set far beyond the budget,
 * so only the deadline can end these runs in time.
 */
const BUDGET_S = 2;
const SLACK_MS = 5000;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    SYNC_RUN_BUDGET_SECONDS: String(BUDGET_S),
    NOTION_TIMEOUT_MS: '120000',
    GOOGLE_TIMEOUT_MS: '120000',
  });
});
afterAll(() => h.close());

/** Syncs with the fault armed: FAILED for the budget, in time, nothing removed, the lease free for the next run. */
async function failsInTime(tenant: string, id: string, appId: string, arm: () => void) {
  const before = await memberEmails(h, tenant, appId);
  arm();
  const started = Date.now();
  const failed = await syncNow(h, tenant, id);
  const took = Date.now() - started;
  expect(failed.lastSync).toMatchObject({ status: 'FAILED', membershipsRemoved: 0 });
  expect(failed.lastSync.error).toMatch(/time budget \(SYNC_RUN_BUDGET_SECONDS\)/);
  expect(failed.status).toBe('CONNECTED');
  expect(took).toBeLessThan(BUDGET_S * 1000 + SLACK_MS);
  expect(await memberEmails(h, tenant, appId)).toEqual(before);
  // Nothing is left running: the next run (below) starts at once rather than joining this one.
  const [running] = await h.cypher<{ n: number }>("MATCH (r:SyncRun {connectionId: $id, status: 'RUNNING'}) RETURN count(r) AS n", { id });
  expect(running.n).toBe(0);
  return failed.lastSync.id as string;
}

describe('a run that outlives its budget', () => {
  const notionCases: Array<[string, Record<string, unknown>]> = [
    ['the members list never answers', { path: '/v1/users', kind: 'hang' }],
    ['the workspace lookup never answers', { path: '/v1/users/me', kind: 'hang' }],
    [
      'Notion asks to wait 60 s (the SDK sleeps where no signal reaches)',
      { path: '/v1/users', kind: 'status', status: 429, code: 'rate_limited', retryAfter: 60, times: 5 },
    ],
  ];
  it.each(notionCases)('Notion: %s', async (_name, fault) => {
    const tenant = newTenant();
    const ws = h.notion.seedWorkspace({ name: 'Deadline', persons: 5 });
    const id = await connectWorkspace(h, tenant, ws.id);
    const failedRun = await failsInTime(tenant, id, ws.id, () => h.notion.injectFault({ ...fault, workspaceId: ws.id } as NotionFault));
    h.notion.clearFaults();
    ws.members.push({ id: randomUUID(), type: 'person', name: 'Late', avatar_url: null, email: 'late@deadline.example.com' });
    const ok = await syncNow(h, tenant, id);
    expect(ok.lastSync).toMatchObject({ status: 'SUCCEEDED' });
    expect(ok.lastSync.id).not.toBe(failedRun);
    expect(await memberEmails(h, tenant, ws.id)).toContain('late@deadline.example.com');
  });

  const googleCases: Array<[string, Record<string, unknown>]> = [
    ['users.list never answers', { path: '/admin/directory/v1/users', kind: 'hang', afterRequests: 1 }],
    ['the token refresh never answers', { path: '/token', kind: 'hang' }],
  ];
  it.each(googleCases)('Google Workspace: %s', async (name, fault) => {
    const tenant = newTenant();
    const domain = `d${randomUUID().slice(0, 8)}.test`;
    const c = h.google.seedCustomer({ domain, users: 5 });
    const id = await connectGoogle(h, tenant, c.id);
    await failsInTime(tenant, id, c.id, () => {
      // A refresh happens only after a 401: expire the token first.
      if (name.includes('refresh'))
        h.google.injectFault({
          path: '/admin/directory/v1/users',
          customerId: c.id,
          kind: 'status',
          status: 401,
          reason: 'authError',
        } as GoogleFault);
      // The token endpoint knows no customer: its fault matches any.
      h.google.injectFault((fault.path === '/token' ? fault : { ...fault, customerId: c.id }) as GoogleFault);
    });
    h.google.clearFaults();
    h.google.addUser(c.id, { primaryEmail: `late@${domain}` });
    const ok = await syncNow(h, tenant, id);
    expect(ok.lastSync).toMatchObject({ status: 'SUCCEEDED' });
    expect(await memberEmails(h, tenant, c.id)).toContain(`late@${domain}`);
    expect((await getConnection(h, tenant, id)).status).toBe('CONNECTED');
  });
});
