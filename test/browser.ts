/**
 * A real browser for UI tests: Debian's Chromium (`/usr/bin/chromium`, with fonts-wqy-microhei for
 * Chinese glyphs) driven by playwright-core, which ships no browser of its own. One browser per
 * test file: `launchBrowser()` in `beforeAll`, `close()` in `afterAll`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (DESIGN.md stack table). */
export const CHROMIUM = '/usr/bin/chromium';

/** A common phone's CSS viewport (iPhone 12–15 class). */
export const PHONE = { width: 390, height: 844 } as const;

/** Where screenshots go (gitignored). */
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '..', 'test-results', 'screenshots');

// DESIGN.md: no sandbox in containers, no GPU, and nothing that phones home — a test must not
// depend on, or be slowed by, the network.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** One launched browser (a persistent context on a fresh profile) and its helpers. */
export interface TestBrowser {
  readonly context: BrowserContext;
  /** A new tab with the phone viewport; `requests` collects every URL it asks for. */
  newPage(): Promise<{ page: Page; requests: string[] }>;
  /**
   * Saves `test-results/screenshots/<name>.png` (the whole page) and `<name>-top.png` (the first
   * screen, what a user sees before scrolling); returns the first path.
   */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/** What {@link launchBrowser} takes. */
export interface LaunchOptions {
  readonly locale?: string;
  /**
   * More Chromium flags, e.g. a fake camera fed from a file:
   * `['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--use-file-for-fake-video-capture=label.y4m']`.
   */
  readonly args?: readonly string[];
  /** Permissions granted to every page (`['camera']`). */
  readonly permissions?: readonly string[];
}

/**
 * Launches Chromium with a fresh profile (`--user-data-dir` in a new temporary folder, removed on
 * close) as a phone: 390×844, touch, mobile user agent behaviour, Chinese first.
 *
 * @example
 * const browser = await launchBrowser();
 * const { page } = await browser.newPage();
 * await page.goto(url);
 * await browser.close();
 */
export async function launchBrowser(opts: LaunchOptions = {}): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium fonts-wqy-microhei`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-chromium-'));
  // A persistent context is how playwright takes a user-data-dir of our choosing.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: [...FLAGS, ...(opts.args ?? [])],
    permissions: [...(opts.permissions ?? [])],
    headless: true,
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: opts.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  // The profile opens with one blank tab; tests use their own.
  for (const p of context.pages()) await p.close();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => void requests.push(r.url()));
      return { page, requests };
    },
    async screenshot(page, name) {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-top.png`) });
      return file;
    },
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
