import type { Browser } from 'playwright-core';
import { launchChromium, offlineContext } from '../support/browser';
import { connectWorkspace } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

let h: Harness;
let browser: Browser;
const tenant = newTenant();
let wsId = '';

beforeAll(async () => {
  const probe = await startHarness();
  // The playground is started with the JWT pre-filled, as the offline demo does; tabs point at a real workspace.
  // The JWT is a viewer's (read-only): GraphiQL and the explorer must work for viewers.
  const token = await probe.token(tenant, { roles: ['viewer'] });
  await probe.close();
  h = await startHarness({}, { playgroundHeaders: { Authorization: `Bearer ${token}` } });
  const ws = h.notion.seedWorkspace({ name: 'Browser Co', persons: 3, domain: 'browser.example.com' });
  ws.members.push({
    id: 'bcbcbcbc-0000-4000-8000-000000000001',
    type: 'person',
    name: 'Guest',
    avatar_url: null,
    email: 'guest@elsewhere.example.org',
  });
  wsId = ws.id;
  await connectWorkspace(h, tenant, ws.id);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('the analysts’ playground in a real browser', () => {
  it('loads GraphiQL with no network beyond the server and runs an example query', async () => {
    const { context, blocked } = await offlineContext(browser, h.app.url);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${h.app.url}/`, { waitUntil: 'load' });
    expect(page.url()).toBe(`${h.app.url}/graphiql`);
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });
    // Nine example tabs, the first "Who is in this app".
    await expect(page.locator('.graphiql-tab').count()).resolves.toBe(9);

    const response = page.waitForResponse(
      (r) =>
        r.url() === `${h.app.url}/graphql` && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('WhoIsInThisApp'),
    );
    await page.locator('.graphiql-execute-button').click();
    const body = await (await response).json();
    expect(body.errors).toBeUndefined();
    // `id` is the app's global id (ADR 0017): opaque to clients, base64url of its type and key.
    const app = body.data.apps.edges[0].node;
    expect(app).toMatchObject({ name: 'Browser Co', memberCount: 4 });
    expect(Buffer.from(app.id, 'base64url').toString('utf8')).toContain(wsId);
    // The result is shown in the response pane.
    await page.locator('.graphiql-response').getByText('Browser Co').first().waitFor({ timeout: 10_000 });
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
