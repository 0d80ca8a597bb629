import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../support/test-app';
import type { AppConfig } from '../../../api/src/config/app-config';

/** Debian's Chromium; `.ci/run` installs it when missing. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Quiet, sandbox-free flags so Chromium runs as root in CI and never reaches the network on its own.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const SCREENSHOT_DIR = join(__dirname, '..', '..', '..', 'test-results', 'screenshots');

/** Starts headless Chromium for a browser spec. Close it in `afterAll`. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Opens a fresh page (own cookies) at a desktop size, with short timeouts so failures say where. */
export async function openPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** Saves a full-page screenshot as a test artifact: test-results/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Logs in through the studio's login form and waits until the app shell is shown. */
export async function logIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}

/** What `useStudio` hands a browser spec: the running app, and fresh pages that are closed after each test. */
export interface StudioHarness {
  readonly app: TestApp;
  readonly browser: Browser;
  /** A page in its own browser context (own cookies); closed after the current test. */
  newPage(): Promise<Page>;
}

/**
 * Registers the jest hooks every browser spec needs: one app (real API + built studio + own database) and one
 * Chromium per file, a fresh context per page, everything closed afterwards. Call it at the top of a `describe`.
 */
export function useStudio(overrides: Partial<AppConfig> = {}): StudioHarness {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  const pages: Page[] = [];

  beforeAll(async () => {
    app = await startTestApp(overrides);
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (!value) throw new Error('useStudio: used before beforeAll ran');
    return value;
  };
  return {
    get app() {
      return started(app);
    },
    get browser() {
      return started(browser);
    },
    async newPage() {
      const page = await openPage(started(browser));
      pages.push(page);
      return page;
    },
  };
}
