// Headless Chromium for the status page tests: Debian's /usr/bin/chromium driven by playwright-core, with a fresh
// profile and no background traffic. When either is missing the tests fail in CI (which installs chromium) and skip,
// printing why, on a developer machine that may not have it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserUnavailableReason(): string | undefined {
  if (!existsSync(CHROMIUM_PATH)) return `${CHROMIUM_PATH} is missing (apt-get install chromium)`;
  try {
    require.resolve('playwright-core');
  } catch {
    return 'playwright-core is not installed (npm install --save-dev playwright-core)';
  }
  return undefined;
}

/**
 * Whether a missing browser is a broken setup rather than a machine without one: `.ci/run` sets HC_REQUIRE_BROWSER
 * once its Chromium install succeeded (a CI machine that could not install it skips loudly, with the reason).
 */
export function runningInCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env.HC_REQUIRE_BROWSER ?? '').trim().toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  // Loaded here, not at the top, so a machine without playwright-core can still load (and skip) the test file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'hc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page that collects every script error and CSP violation (the console reports those), for the test to check. */
export async function openPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return { page, problems };
}

/**
 * `describe` for a file of browser tests: skipped (saying why on the console, not only in jest's skipped count) where
 * the browser is missing and not required; run, and failing with the reason, where .ci/run installed it.
 */
export function browserDescribe(what: string): typeof describe {
  const unavailable = browserUnavailableReason();
  if (unavailable === undefined || runningInCi()) return describe;
  console.warn(`SKIPPED: ${what}: ${unavailable} (with HC_REQUIRE_BROWSER set they fail instead)`);
  return describe.skip;
}

/** The browser for a file of browser tests (its beforeAll): none where browserDescribe skips them. */
export async function launchForTests(what: string): Promise<Browser | undefined> {
  const unavailable = browserUnavailableReason();
  if (unavailable !== undefined && !runningInCi()) return undefined;
  if (unavailable) throw new Error(`${what} need a browser: ${unavailable}`);
  return launchChromium();
}
