// Headless Chromium for the status page tests: Debian's /usr/bin/chromium driven by playwright-core, with a fresh
// profile and no background traffic. When either is missing the tests fail in CI (which installs chromium) and skip,
// printing why, on a developer machine that may not have it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

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
