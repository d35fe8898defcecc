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
  it('draws a person’s and an app’s neighbourhood on /explore, colouring external members', async () => {
    const { context, blocked } = await offlineContext(browser, h.app.url);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${h.app.url}/explore`, { waitUntil: 'load' });

    await page.fill('#query', 'person1@browser.example.com');
    await page.press('#query', 'Enter');
    await page.locator('#status', { hasText: 'nodes drawn' }).waitFor({ timeout: 15_000 });
    const person = await page.evaluate(() => {
      const cy = (window as any).explorer.cy;
      return {
        person: cy.nodes('.person').length,
        accounts: cy.nodes('.account').length,
        apps: cy.nodes('.app').map((n: any) => n.data('label')),
      };
    });
    expect(person).toEqual({ person: 1, accounts: 1, apps: ['Browser Co'] });

    await page.fill('#query', 'browser');
    await page.press('#query', 'Enter');
    await page.locator('#status', { hasText: 'Browser Co: 4 members' }).waitFor({ timeout: 15_000 });
    const app = await page.evaluate(() => {
      const cy = (window as any).explorer.cy;
      return {
        apps: cy.nodes('.app').length,
        internal: cy.nodes('.internal').length,
        external: cy.nodes('.external').map((n: any) => n.data('label')),
      };
    });
    expect(app).toEqual({ apps: 1, internal: 3, external: ['guest@elsewhere.example.org'] });
    // Something was really painted on the canvas: the drawing area is not blank.
    const shot = await page.locator('#graph').screenshot({ path: process.env.EXPLORER_SCREENSHOT || undefined });
    expect(new Set(shot.subarray(100, 4000)).size).toBeGreaterThan(1);
    expect(await page.locator('#status').textContent()).toMatch(/5 nodes drawn/);
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

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
