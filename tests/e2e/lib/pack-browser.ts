import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from './extension';

/**
 * An HTML evidence pack opened as a reviewer opens one: a file, from file://, in plain Chromium (no
 * extension, no server), with every request that is not the file itself refused and recorded, so a
 * test can say that nothing left the page.
 */

/** Plain headless Chromium (with the flags a closed network needs). Fails loudly when the browser is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
}

export interface OpenedPack {
  context: BrowserContext;
  page: Page;
  file: string;
  url: string;
  /** Requests for anything but the file itself (each was aborted). */
  requests: string[];
  /** alert/confirm/prompt messages the page raised (each was dismissed). */
  dialogs: string[];
  /** Content-Security-Policy violations the page reported. */
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Only for injecting a test tool (axe-core) into the page: the pack's own CSP is then not enforced. */
  bypassCSP?: boolean;
  viewport?: { width: number; height: number };
  /** Wait for the pack's script to say it is ready (default true). */
  waitForReady?: boolean;
}

/** Writes `html` to a temporary file and opens it. */
export async function openPackHtml(browser: Browser, html: string, options: OpenOptions = {}): Promise<OpenedPack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'evident-pack-'));
  const file = path.join(dir, 'evident-pack.html');
  writeFileSync(file, html);
  const opened = await openPackFile(browser, file, options);
  return { ...opened, close: async () => (await opened.close(), rmSync(dir, { recursive: true, force: true })) };
}

export async function openPackFile(browser: Browser, file: string, options: OpenOptions = {}): Promise<OpenedPack> {
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ bypassCSP: options.bypassCSP ?? false, viewport: options.viewport ?? { width: 1200, height: 900 } });
  const requests: string[] = [];
  const dialogs: string[] = [];
  await context.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  // Runs before the pack's script (injected by the browser, so the pack's CSP does not apply to it).
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  page.on('request', (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url);
  if (options.waitForReady ?? true) await page.locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: 60_000 });
  return {
    context,
    page,
    file,
    url,
    requests,
    dialogs,
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
    close: () => context.close(),
  };
}
