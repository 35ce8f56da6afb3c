import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { dragAcross, passageBox } from './passage-box';

/** The Chrome package's content as a user installs it (`npm run package` unzips it there), or EVIDENT_EXTENSION_DIR. */
export const EXTENSION_DIR = process.env.EVIDENT_EXTENSION_DIR ?? path.resolve(import.meta.dirname, '../../../.output/packaged/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface EvidentBrowser {
  context: BrowserContext;
  extensionId: string;
  userDataDir: string;
  serviceWorker: Worker;
  extensionPage(pathname: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Chromium with the packaged extension loaded. Fails loudly when the browser or the package
 * is missing: an end-to-end test that cannot find its browser must never pass by skipping.
 */
export async function launchEvident(options: {
  fixturePort: number;
  userDataDir?: string;
  /** An X display to run headed on (for real keyboard shortcuts and context menus); headless without. */
  display?: string;
  /** The browser's language and locale (e.g. en-US), as a user's operating system would set them. */
  locale?: string;
}): Promise<EvidentBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`packaged extension not found in ${EXTENSION_DIR}: run "npm run package" first`);
  }
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'evident-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: !options.display,
    env: options.display || options.locale
      ? { ...process.env, ...(options.display ? { DISPLAY: options.display } : {}), ...(options.locale ? { LANG: `${options.locale.replace('-', '_')}.UTF-8`, LANGUAGE: options.locale } : {}) }
      : undefined,
    locale: options.locale,
    acceptDownloads: true,
    args: [
      ...(options.display ? ['--window-size=1200,850', '--window-position=0,0'] : ['--headless=new']),
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...(options.locale ? [`--lang=${options.locale}`] : []),
      `--host-resolver-rules=MAP *.gov.uk 127.0.0.1:${options.fixturePort}, MAP *.moderngov.co.uk 127.0.0.1:${options.fixturePort}, MAP *.example.org 127.0.0.1:${options.fixturePort}`,
    ],
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(serviceWorker.url()).host;
  return {
    context,
    extensionId,
    userDataDir,
    serviceWorker,
    async extensionPage(pathname) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}${pathname}`);
      return page;
    },
    close: () => context.close(),
  };
}

/**
 * Selects `text` inside the element matching `selector` the way a reader does: pressing the mouse
 * before its first character and releasing after its last.
 */
export async function selectTextByMouse(page: Page, selector: string, text: string): Promise<void> {
  await dragAcross(page.mouse, await page.locator(selector).first().evaluate(passageBox, text));
}

/** Number of ranges in one of Evident's CSS highlights on the page (0 when none). */
export const highlightCount = (page: Page, name = 'evident-clip') =>
  page.evaluate((n) => (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get(n)?.size ?? 0, name);

/** The id of the one tab showing `url`, for pages that take `?tab=` (the side panel opened as a page). */
export async function tabIdOf(evident: EvidentBrowser, url: string): Promise<number> {
  const worker = evident.context.serviceWorkers()[0] ?? (await evident.context.waitForEvent('serviceworker'));
  // Without the "tabs" permission tab URLs are hidden, so ask each tab's content script where it is.
  const ids = await worker.evaluate(async (u) => {
    const found: number[] = [];
    for (const tab of await chrome.tabs.query({})) {
      if (tab.id === undefined) continue;
      const state = await chrome.tabs.sendMessage(tab.id, { protocol: 1, type: 'page-state' }).catch(() => null);
      if (state?.ok && state.value.url === u) found.push(tab.id);
    }
    return found;
  }, url);
  if (ids.length !== 1 || ids[0] === undefined) throw new Error(`expected one tab at ${url}, found ${ids.length}`);
  return ids[0];
}

/**
 * A fresh install registers its PDF redirect rules just after the worker starts; waits for them as a
 * reader would (nobody opens a report within the first milliseconds of installing Evident).
 */
export async function waitForPdfRedirectRules(evident: EvidentBrowser): Promise<void> {
  await evident.serviceWorker.evaluate(async () => {
    for (let i = 0; i < 100 && (await chrome.declarativeNetRequest.getDynamicRules()).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
  });
}
