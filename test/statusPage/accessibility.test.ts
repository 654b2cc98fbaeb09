// The status pages for everyone, in headless Chromium over scripted statuses: axe-core (the WCAG 2 A and AA rules)
// finds no violation on the list page nor on a connection's page running, completed with its health monitor and
// key rotations, failed, being torn down and torn down, nor on a fleet's (its star and table of sites) mid-run and
// shrinking; and a refresh patches the page in place: the focus and a
// text selection survive it, the elapsed time moves on, and the aria-live region says which stage changed (only
// once something changed).
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { layoutFromName } from '../../functions/view/pageModel';
import { connectionPageHtml, listPageHtml, pageHeaders } from '../../functions/view/pageDocument';
import { at, failedStatus, MIN, runningStatus } from '../cli/statusFixtures';
import { completedFleetStatus, fleetStatus, withRemovedSite } from '../cli/fleetFixtures';
import { dayTwoStatus, tearingDownStatus } from './dayTwoFixtures';
import { browserDescribe, launchForTests, openPage, type Browser } from './headlessChromium';

const describeWithBrowser = browserDescribe('the status page accessibility tests');

/** Each page's status by name; `moving` changes from one request to the next (see statusOf). */
const SCENARIOS: Record<string, () => Record<string, unknown>> = {
  running: () => ({ ...runningStatus('running'), now: at(12 * MIN) }),
  completed: () => ({ ...dayTwoStatus('completed'), name: 'completed' }),
  failed: () => ({ ...failedStatus('failed'), now: at(15 * MIN) }),
  deleting: () => tearingDownStatus('Running'),
  deleted: () => tearingDownStatus('Completed'),
  deleteFailed: () => tearingDownStatus('Failed'),
  fleet: () => fleetStatus('fleet'),
  shrinking: () => withRemovedSite(completedFleetStatus('shrinking'), 'west', 'running'),
};

/** The WCAG 2.0 and 2.1 level A and AA rules (axe-core's tags for them). */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let browser: Browser;
let server: Server;
let url: string;
let movingRequests = 0;

/** `moving`: running, the server's now seven seconds on at each request; from the third, Azure's gateway built. */
function movingStatus(): Record<string, unknown> {
  const n = movingRequests;
  const status: Record<string, unknown> = { ...runningStatus('moving'), now: at(12 * MIN + n * 7000) };
  if (n < 3) return status;
  const stages = status.stages as Record<string, Record<string, unknown>>;
  stages.azure.gateway = { state: 'succeeded', startedAt: at(0.6 * MIN), endedAt: at(12 * MIN) };
  return status;
}

function statusOf(name: string): Record<string, unknown> | undefined {
  if (name === 'moving') return movingStatus();
  return SCENARIOS[name]?.();
}

beforeAll(async () => {
  const launched = await launchForTests('the status page accessibility tests');
  if (!launched) return;
  browser = launched;
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    const nonce = randomBytes(12).toString('base64');
    const names = ['moving', ...Object.keys(SCENARIOS)];
    if (path.startsWith('/api/connections/view')) {
      const items = names.map((name) => {
        const status = statusOf(name) ?? {};
        const { runtimeStatus, phase, createdTime, lastUpdatedTime, instanceId } = status;
        return { name, instanceId, runtimeStatus, phase, createdTime, lastUpdatedTime };
      });
      response.writeHead(200, pageHeaders(nonce));
      response.end(listPageHtml({ listPath: '/api/connections', refreshMs: 60_000, items, now: at(80 * MIN) }, nonce));
      return;
    }
    const view = /^\/api\/connections\/([a-zA-Z]+)\/view/.exec(path);
    const json = /^\/api\/connections\/([a-zA-Z]+)\?/.exec(path);
    const name = view?.[1] ?? json?.[1] ?? '';
    const status = statusOf(name);
    if (status === undefined) {
      response.writeHead(404).end();
    } else if (view) {
      const data = {
        name,
        statusPath: `/api/connections/${name}`,
        refreshMs: 3000,
        layout: layoutFromName(name),
        status,
      };
      response.writeHead(200, pageHeaders(nonce));
      response.end(connectionPageHtml(data, nonce));
    } else {
      if (name === 'moving') movingRequests++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(status));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 30_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * axe-core's WCAG A/AA violations of the page as it is drawn now. axe runs through the DevTools protocol, which the
 * page's CSP does not govern: the page itself still loads nothing but its own nonce'd script and style.
 */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_AA)} } }).then((r) => r.violations)`,
  );
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) => `${violation.id} (${violation.impact ?? '?'}): ${violation.help} at ${JSON.stringify(node.target)}`,
    ),
  );
}

describeWithBrowser('the status pages under axe-core', () => {
  it.each(Object.keys(SCENARIOS))(
    'has no WCAG A/AA violation on a %s connection’s page',
    async (name) => {
      const { page, problems } = await openPage(browser);
      await page.goto(`${url}/api/connections/${name}/view`);
      expect(await axeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    },
    30_000,
  );

  it('has no WCAG A/AA violation on the list page', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${url}/api/connections/view?code=k`);
    await page.waitForSelector('tr[data-connection="completed"] a[href="completed/view?code=k"]');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('checks what it claims to: a badge made unreadable is a violation', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${url}/api/connections/running/view`);
    await page.evaluate(
      `Object.assign(document.querySelector('[data-part="runtime-status"]').style, { color: '#ccc', background: '#fff' })`,
    );
    expect((await axeViolations(page)).join('\n')).toMatch(/^color-contrast/m);
    await page.close();
  }, 30_000);
});

/** `running for 12m 07s` in seconds. */
function seconds(elapsed: string | null): number {
  const [, minutes, rest] = /(\d+)m (\d+)s/.exec(elapsed ?? '') ?? [];
  return Number(minutes) * 60 + Number(rest);
}

describeWithBrowser('a refresh of the status page', () => {
  it('keeps the focus and a text selection, moves the elapsed time on, and announces the stage that changed', async () => {
    movingRequests = 0;
    const { page, problems } = await openPage(browser);
    await page.goto(`${url}/api/connections/moving/view?refresh=0.5`);
    const elapsed = () => page.textContent('[data-part="elapsed"]');
    const first = await elapsed();
    expect(first).toBe('running for 12m 00s');
    // The first paint announces nothing.
    expect(await page.textContent('#hc-announce')).toBe('');
    // Focus the refresh button and select the page's title, marking both nodes (a property, not an attribute): a
    // replaced node would lose its mark.
    await page.focus('button[data-action="refresh"]');
    await page.evaluate(
      `document.activeElement.hcMark = 'focused'; document.querySelector('h1').hcMark = 'selected';
       getSelection().selectAllChildren(document.querySelector('h1'))`,
    );
    // The gateway is built from the third refresh on; the elapsed time moves on at every refresh.
    await page.locator('#hc-announce', { hasText: 'Azure VPN gateway succeeded' }).waitFor({ timeout: 15_000 });
    const later = await elapsed();
    expect(seconds(later)).toBeGreaterThanOrEqual(seconds(first) + 21);
    expect(await page.evaluate(`document.activeElement.hcMark`)).toBe('focused');
    expect(await page.evaluate(`getSelection().toString()`)).toBe('moving');
    expect(await page.evaluate(`getSelection().anchorNode.hcMark`)).toBe('selected');
    expect(await page.getAttribute('[data-part="gateway-azure"]', 'data-state')).toBe('succeeded');
    expect(await page.textContent('[data-part="blueprint-desc"]')).toContain(
      'Azure: exists: resource group, virtual network, public IP, VPN gateway',
    );
    // The button refreshes at once: the keyboard reaches it, and the focus stays on it.
    const asked = movingRequests;
    await page.keyboard.press('Enter');
    // A locator waits without evaluating a string in the page (the page's CSP forbids eval, which waitForFunction
    // needs once it has to poll).
    await page.locator('[data-part="elapsed"]', { hasNotText: later ?? '' }).waitFor({ timeout: 15_000 });
    expect(movingRequests).toBeGreaterThan(asked);
    expect(await page.evaluate(`document.activeElement.hcMark`)).toBe('focused');
    expect(problems).toEqual([]);
    await page.close();
  }, 45_000);
});
