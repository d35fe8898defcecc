import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, offlineContext } from '../support/browser';
import { connectGoogle, connectSlack, connectWorkspace } from '../support/flows';
import { type Harness, newTenant, startHarness } from '../support/harness';

/**
 * Issue 23's explorer in a real browser: /explore opens on the tenant's overview, drawn from the GraphQL API with a
 * viewer's JWT (pre-filled as in the offline demo), over a demo-like seed: "Acme Corp" on Notion, on Google (the
 * directory: one person suspended, those it lacks NOT_IN_DIRECTORY) and on Slack, through the real stand-ins.
 */
jest.setTimeout(240_000); // the machine is shared: a sync can wait its turn
let h: Harness;
let browser: Browser;
const tenant = newTenant();
const d = `acme${randomUUID().slice(0, 8)}.test`;
const emails = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `person${from + i}@${d}`);

beforeAll(async () => {
  const probe = await startHarness();
  const token = await probe.token(tenant, { roles: ['viewer'] });
  await probe.close();
  h = await startHarness({}, { playgroundHeaders: { Authorization: `Bearer ${token}` } });
  const notion = h.notion.seedWorkspace({ name: 'Acme Corp', persons: 20, domain: d });
  notion.members.push({ id: randomUUID(), type: 'person', name: 'Guest', avatar_url: null, email: 'guest@elsewhere.example.org' });
  // The directory holds person0–person11 (person5 suspended): person12–person19 are NOT_IN_DIRECTORY.
  const google = h.google.seedCustomer({
    name: 'Acme Corp',
    domain: d,
    users: 1,
    extra: emails(0, 12).map((primaryEmail, i) => ({ primaryEmail, suspended: i === 5 })),
  });
  const slack = h.slack.seedWorkspace({
    name: 'Acme Corp',
    domain: `acme-${d.slice(4, 12)}`,
    emailDomain: d,
    extra: emails(0, 3).map((email, i) => ({ email, realName: `Person ${i}` })),
  });
  await connectWorkspace(h, tenant, notion.id);
  await connectGoogle(h, tenant, google.id);
  await connectSlack(h, tenant, slack.id);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** Pixels of each colour (`#rrggbb`) on the graph's canvases, within a small tolerance for anti-aliasing. */
function pixelsOf(page: Page, colours: string[]): Promise<Record<string, number>> {
  return page.evaluate(async (wanted) => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const rgb = wanted.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));
    const counts: Record<string, number> = Object.fromEntries(wanted.map((c) => [c, 0]));
    for (const canvas of Array.from(document.querySelectorAll<HTMLCanvasElement>('#graph canvas'))) {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let p = 0; p < data.length; p += 4) {
        if (data[p + 3] < 250) continue;
        rgb.forEach(([r, g, b], k) => {
          if (Math.abs(data[p] - r) <= 2 && Math.abs(data[p + 1] - g) <= 2 && Math.abs(data[p + 2] - b) <= 2) counts[wanted[k]]++;
        });
      }
    }
    return counts;
  }, colours);
}

describe('the explorer in a real browser', () => {
  it('opens on the overview, draws the legend’s colours, and narrows to one person and to one of two same-named apps', async () => {
    const { context, blocked } = await offlineContext(browser, h.app.url);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${h.app.url}/explore`, { waitUntil: 'load' });
    await page.locator('#status', { hasText: 'nodes drawn' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('#status').textContent()).toMatch(/^Overview: 3 apps, 22 people .* 9 offboarding gaps\./);

    const drawn = await page.evaluate(() => {
      const cy = (window as any).explorer.cy;
      const hubs = cy.nodes('.app');
      const byHub = (n: any) =>
        n
          .neighborhood('node.app')
          .map((a: any) => a.data('label').replace(/ \(\d+\)$/, ''))
          .sort();
      return {
        hubs: hubs.map((n: any) => n.data('label')).sort(),
        gaps: cy
          .nodes('.person.gap')
          .map((n: any) => n.data('email'))
          .sort(),
        privileged: cy
          .nodes('.person.privileged')
          .map((n: any) => [n.data('email'), byHub(n).join(' + ')])
          .sort(),
        inAll: cy
          .nodes('.person')
          .filter((n: any) => byHub(n).length === 3)
          .map((n: any) => [n.data('email'), n.data('colour')])
          .sort(),
        groups: cy
          .nodes('.group')
          .map((n: any) => [n.data('label'), n.data('colour'), byHub(n).join(' + ')])
          .sort(),
        labels: cy
          .nodes('.person')
          .filter((n: any) => n.style('label') !== '')
          .map((n: any) => n.style('label'))
          .sort(),
      };
    });
    // Google's app is named after the primary domain; Notion's and Slack's share a name and differ by provider.
    expect(drawn.hubs).toEqual(['Acme Corp · Notion (21)', 'Acme Corp · Slack (3)', `${d} · Google (13)`]);
    expect(drawn.gaps).toEqual([`person5@${d}`, ...emails(12, 20)].sort());
    const active = '#2da44e';
    expect(drawn.inAll).toEqual(emails(0, 3).map((e) => [e, active]));
    // The directory's admin (Account.role ADMIN, Google only) is drawn on its own and marked.
    expect(drawn.privileged).toEqual([[`admin@${d}`, `${d} · Google`]]);
    // The eight active people in Notion and Google only are one node between the two hubs; one-app members are counts.
    expect(drawn.groups).toEqual(
      [
        ['8 people', active, `Acme Corp · Notion + ${d} · Google`],
        ['1 only here', '#fb8500', 'Acme Corp · Notion'],
      ].sort(),
    );
    // People's labels show on hover only; the few gaps and the admin keep a short one.
    expect(drawn.labels).toEqual(['admin', 'person5', ...emails(12, 20).map((e) => e.split('@')[0])].sort());

    // Every colour the legend gives a count is painted on the canvas, and so is the hub's.
    const legend = await page
      .locator('#legend li[data-count]:not([data-count="0"]):not([data-count=""])')
      .evaluateAll((lis) => lis.map((li) => [(li as HTMLElement).dataset.status!, (li as HTMLElement).dataset.colour!]));
    expect(legend.map(([s]) => s).sort()).toEqual(['ACTIVE', 'EXTERNAL', 'NOT_IN_DIRECTORY', 'SUSPENDED']);
    const pixels = await pixelsOf(page, [...legend.map(([, c]) => c), '#1f6feb']);
    await page.locator('#graph').screenshot({ path: process.env.EXPLORER_SCREENSHOT || undefined });
    for (const [colour, n] of Object.entries(pixels)) expect([colour, n > 20]).toEqual([colour, true]);

    // A search narrows to one person …
    await page.fill('#query', `person0@${d}`);
    await page.press('#query', 'Enter');
    await page.locator('#status', { hasText: `person0@${d}: 3 current account(s)` }).waitFor({ timeout: 15_000 });
    const person = await page.evaluate(() => {
      const cy = (window as any).explorer.cy;
      return {
        people: cy.nodes('.person').length,
        apps: cy
          .nodes('.app')
          .map((n: any) => n.data('label'))
          .sort(),
      };
    });
    expect(person).toEqual({ people: 1, apps: ['Acme Corp · Notion', 'Acme Corp · Slack', `${d} · Google`] });

    // … or to one app: "Acme Corp" names two, each offered by provider; choosing Slack draws Slack's.
    await page.fill('#query', 'Acme Corp');
    await page.press('#query', 'Enter');
    await page.locator('#choices button', { hasText: 'Acme Corp · Slack' }).click();
    await page.locator('#status', { hasText: 'Acme Corp · Slack: 3 members' }).waitFor({ timeout: 15_000 });
    expect((await page.locator('#choices button').allTextContents()).sort()).toEqual(['Acme Corp · Notion', 'Acme Corp · Slack']);
    const app = await page.evaluate(() => {
      const cy = (window as any).explorer.cy;
      return { apps: cy.nodes('.app').map((n: any) => n.data('label')), people: cy.nodes('.person').length };
    });
    expect(app).toEqual({ apps: ['Acme Corp · Slack'], people: 3 });

    // Back to the overview with the button.
    await page.click('#overview');
    await page.locator('#status', { hasText: /^Overview: 3 apps/ }).waitFor({ timeout: 15_000 });
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
