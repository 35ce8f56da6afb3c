import { existsSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { dragAcross, passageBox } from './passage-box';

/** The Firefox package's content as a user installs it (`npm run package` unzips it there), or EVIDENT_FIREFOX_EXTENSION_DIR. */
export const FIREFOX_EXTENSION_DIR = process.env.EVIDENT_FIREFOX_EXTENSION_DIR ?? path.resolve(import.meta.dirname, '../../../.output/packaged/firefox-mv2');
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** Fixed, so the test knows the extension's moz-extension:// origin (Firefox picks a random one otherwise). */
const EXTENSION_UUID = '3c5b1a9e-7f2d-4e61-9a8b-0d4c2e6f1a23';
const EXTENSION_ID = 'evident@evident.local';

export interface EvidentFirefox {
  browser: Browser;
  /** The extension's page `pathname` in a new tab. */
  extensionPage(pathname: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Firefox (Debian's firefox-esr) driven over WebDriver BiDi with the built Firefox extension installed
 * as a temporary add-on, the way `about:debugging` installs it. Firefox has no host-resolver flag, so
 * it reaches the gov.uk fixture addresses through the fixture server acting as its HTTP proxy
 * (`direct`: hosts it reaches without it). Fails loudly when the browser or the build is missing.
 */
export async function launchEvidentFirefox(options: { fixturePort: number; direct?: string[] }): Promise<EvidentFirefox> {
  if (!existsSync(FIREFOX)) throw new Error(`Firefox not found at ${FIREFOX} (apt-get install firefox-esr, or set FIREFOX_PATH)`);
  if (!existsSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`packaged Firefox extension not found in ${FIREFOX_EXTENSION_DIR}: run "npm run package" first`);
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': options.fixturePort,
      'network.proxy.allow_hijacking_localhost': true,
      // Hosts reached without the fixture proxy (the sync server: the proxy does not carry WebSockets).
      'network.proxy.no_proxies_on': (options.direct ?? []).join(', '),
      'extensions.webextensions.uuids': JSON.stringify({ [EXTENSION_ID]: EXTENSION_UUID }),
    },
  });
  try {
    const installed = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    if (installed !== EXTENSION_ID) throw new Error(`installed ${installed}, expected ${EXTENSION_ID}`);
  } catch (e) {
    await browser.close();
    throw e;
  }
  return {
    browser,
    async extensionPage(pathname) {
      // WebDriver may not navigate a tab to moz-extension:// itself; a page may, to a web-accessible
      // resource (the viewer), and from there the extension's own pages are same-origin.
      const page = await browser.newPage();
      await page.goto('http://evident-fixtures.gov.uk/start.html');
      await page.evaluate((uuid) => void (location.href = `moz-extension://${uuid}/viewer.html`), EXTENSION_UUID);
      await page.waitForFunction(() => location.protocol === 'moz-extension:', { timeout: 10_000 });
      await page.evaluate((target) => void (location.href = target), pathname);
      await page.waitForFunction((target) => location.pathname === target.split('?')[0] && document.readyState === 'complete', { timeout: 10_000 }, pathname);
      return page;
    },
    close: () => browser.close(),
  };
}

/** Selects `text` inside the first element matching `selector` with the mouse, as a reader does. */
export async function selectTextByMouseIn(page: Page, selector: string, text: string): Promise<void> {
  await dragAcross(page.mouse, await page.$eval(selector, passageBox, text));
}

/** The text of the first element matching `selector` in the page or in an open shadow root (the clip toolbar). */
export const textIn = (page: Page, selector: string) => page.$eval(`>>> ${selector}`, (element) => element.textContent).catch(() => null);

/** Selects `passage` in `selector` with the mouse, clicks the clip button beside it, and waits for "Saved". */
export async function clipSelectionIn(page: Page, selector: string, passage: string): Promise<void> {
  await selectTextByMouseIn(page, selector, passage);
  const button = await page.waitForSelector('>>> [data-testid="clip-button"]', { timeout: 10_000 });
  await button!.click();
  for (const deadline = Date.now() + 10_000; (await textIn(page, '[data-testid="clip-saved"]')) !== 'Saved'; ) {
    if (Date.now() > deadline) throw new Error(`the clip toolbar never said "Saved" (it says ${JSON.stringify(await textIn(page, '[data-testid="clip-saved"]'))})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The citation of the first evidence item in an extension page (the dashboard) containing `passage`; null while there is none. */
export const citationIn = (dashboard: Page, passage: string) =>
  dashboard.evaluate((p) => {
    const item = [...document.querySelectorAll('[data-testid="evidence-item"]')].find((el) => el.textContent?.includes(p));
    return item?.querySelector('[data-testid="evidence-citation"]')?.textContent ?? null;
  }, passage);
