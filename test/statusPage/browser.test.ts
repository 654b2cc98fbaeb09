// The status pages in headless Chromium: a page over a scripted status (refreshes with its own key, turns green,
// stops refreshing), then a real run on `serve --simulate` watched during and after it; the finished page is saved
// as docs/status-page.png. Where Chromium or playwright-core is missing they fail with the reason when HC_REQUIRE_BROWSER
// is set (.ci/run sets it once Chromium is installed), and are skipped with a console warning otherwise.
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ConnectionStatusBody } from '../../lib/api/connectionStatus';
import { layoutFromName } from '../../functions/view/pageModel';
import { connectionPageHtml, pageHeaders } from '../../functions/view/pageDocument';
import { at, completedStatus, MIN, runningStatus } from '../cli/statusFixtures';
import { planFor, startServe, waitFor, type Serve } from '../e2e/harness';
import { browserDescribe, launchForTests, openPage, type Browser } from './headlessChromium';

const describeWithBrowser = browserDescribe('the status page browser tests');

const SCREENSHOT = join(__dirname, '..', '..', 'docs', 'status-page.png');
let browser: Browser;
let shots: string;

beforeAll(async () => {
  const launched = await launchForTests('the status page browser tests');
  if (!launched) return;
  browser = launched;
  shots = mkdtempSync(join(tmpdir(), 'hc-shots-'));
}, 30_000);

afterAll(async () => {
  await browser?.close();
  if (shots) rmSync(shots, { recursive: true, force: true });
});

const stateOf = (page: Page, part: string): Promise<string | null> =>
  page.getAttribute(`[data-part="${part}"]`, 'data-state');

describeWithBrowser('a status page over a scripted status', () => {
  let server: Server;
  let url: string;
  const statusRequests: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const path = request.url ?? '/';
      if (path.startsWith('/api/connections/demo/view')) {
        const nonce = randomBytes(12).toString('base64');
        const data = {
          name: 'demo',
          statusPath: '/api/connections/demo',
          refreshMs: 3000,
          layout: layoutFromName('demo'),
          status: runningStatus('demo'),
        };
        response.writeHead(200, pageHeaders(nonce));
        response.end(connectionPageHtml(data, nonce));
        return;
      }
      if (path.startsWith('/api/connections/demo?')) {
        statusRequests.push(path);
        // Running while the server's clock moves on seven seconds a refresh, then built, then deleted.
        const n = statusRequests.length;
        const now = at(12 * MIN + n * 7000);
        const body =
          n < 3
            ? { ...runningStatus('demo'), now }
            : { ...completedStatus('demo'), now, ...(n < 4 ? {} : { phase: 'deleted' }) };
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
        return;
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('refreshes with the key of its own URL, its elapsed time moving on, turns green, and stops once deleted', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${url}/api/connections/demo/view?code=open%2Bsesame&refresh=0.5`);
    expect(await stateOf(page, 'gateway-azure')).toBe('running');
    expect(await page.textContent('[data-part="runtime-status"]')).toBe('Running');
    // The server's now moves between refreshes, and so does the run's elapsed time.
    await page.locator('header', { hasText: 'running for 12m 07s' }).waitFor({ timeout: 15_000 });
    await page.locator('header', { hasText: 'running for 12m 14s' }).waitFor({ timeout: 15_000 });
    await page.locator('[data-part="tunnel-label"]', { hasText: /^Connected$/ }).waitFor({ timeout: 15_000 });
    expect(await stateOf(page, 'gateway-azure')).toBe('succeeded');
    expect(await stateOf(page, 'gateway-azureStack')).toBe('succeeded');
    expect(await stateOf(page, 'tunnel')).toBe('succeeded');
    // Built, the page still refreshes (the live state), more slowly; deleted, it stops.
    await page.locator('[data-part="phase"]', { hasText: /^Deleted$/ }).waitFor({ timeout: 15_000 });
    expect(await page.getAttribute('[data-part="refresh"]', 'data-live')).toBe('no');
    expect(await page.textContent('[data-part="tunnel-label"]')).toBe('torn down');
    const asked = statusRequests.length;
    await page.waitForTimeout(3000);
    expect(statusRequests).toHaveLength(asked);
    expect(statusRequests.every((path) => path === '/api/connections/demo?live=true&code=open%2Bsesame')).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  }, 45_000);
});

describeWithBrowser('a status page during and after a real run', () => {
  let serve: Serve;

  beforeAll(async () => {
    serve = await startServe();
  }, 60_000);

  afterAll(async () => {
    await serve?.dispose();
  });

  const status = async (name: string): Promise<ConnectionStatusBody> =>
    (await serve.api('GET', `/api/connections/${name}`)).body as ConnectionStatusBody;

  it('shows the gateways building, then green with the tunnel Connected', async () => {
    const key = serve.ready.keys.function;
    // Slow the shared clock while the page is opened on a gateway that is still being built.
    await serve.sim('POST', 'clock', { scale: 50 });
    expect((await serve.api('POST', '/api/connections', planFor(serve.ready, 'contoso'))).status).toBe(202);
    await waitFor('the Azure gateway to be building', async () =>
      (await status('contoso')).stages.azure.gateway?.state === 'running' ? true : undefined,
    );

    // The page as served carries neither key.
    const served = await serve.api('GET', '/api/connections/contoso/view');
    expect(served.status).toBe(200);
    expect(served.text).not.toContain(key);
    expect(served.text).not.toContain(serve.ready.keys.master);

    const { page, problems } = await openPage(browser);
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(`${serve.ready.url}/api/connections/contoso/view?code=${encodeURIComponent(key)}&refresh=0.5`);
    expect(await page.textContent('[data-part="runtime-status"]')).toBe('Running');
    expect(await stateOf(page, 'gateway-azure')).toBe('running');
    expect(await stateOf(page, 'vnet-azure')).toBe('succeeded');
    expect(await stateOf(page, 'tunnel')).toBe('pending');
    // On the server's (virtual) clock the run's elapsed time moves on from one refresh to the next.
    const elapsed = async () => /running for ([^<]+)/.exec((await page.textContent('header')) ?? '')?.[1];
    const before = await elapsed();
    expect(before).toBeDefined();
    await waitFor('the elapsed time to move on', async () => ((await elapsed()) !== before ? true : undefined));
    await page.screenshot({ path: join(shots, 'during.png') });

    await serve.sim('POST', 'clock', { scale: 1000 });
    await page.locator('[data-part="tunnel-label"]', { hasText: /^Connected$/ }).waitFor({ timeout: 45_000 });
    await page.locator('[data-part="runtime-status"]', { hasText: /^Completed$/ }).waitFor({ timeout: 15_000 });
    // The live state as ARM reads it, both sides Connected.
    await page.locator('[data-part="live-status-azure"]', { hasText: /^Connected$/ }).waitFor({ timeout: 15_000 });
    expect(await page.textContent('[data-part="live-status-azureStack"]')).toBe('Connected');
    for (const part of [
      'gateway-azure',
      'gateway-azureStack',
      'vm-azure',
      'vm-azureStack',
      'connection-azure',
      'tunnel',
    ]) {
      expect(await stateOf(page, part)).toBe('succeeded');
    }
    expect(await page.textContent('[data-part="runtime-status"]')).toBe('Completed');
    expect(await page.textContent('svg.blueprint')).toMatch(/public IP \d+\.\d+\.\d+\.\d+/);
    expect(problems).toEqual([]);

    const finished = join(shots, 'finished.png');
    await page.screenshot({ path: finished, fullPage: true });
    // The README shows this picture: refresh it when missing or on request, not on every run.
    if (!existsSync(SCREENSHOT) || process.env.HC_UPDATE_SCREENSHOTS === '1') copyFileSync(finished, SCREENSHOT);
    await page.close();
  }, 90_000);

  it('lists the connections with links that keep the key', async () => {
    const key = serve.ready.keys.function;
    const { page, problems } = await openPage(browser);
    await page.goto(`${serve.ready.url}/api/connections/view?code=${encodeURIComponent(key)}`);
    const link = page.locator('tr[data-connection="contoso"] a');
    expect(await link.getAttribute('href')).toBe(`contoso/view?code=${encodeURIComponent(key)}`);
    await link.click();
    await page.waitForSelector('[data-part="tunnel-label"]');
    expect(await page.textContent('[data-part="tunnel-label"]')).toBe('Connected');
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);
});
