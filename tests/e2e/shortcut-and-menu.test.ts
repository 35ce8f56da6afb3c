import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { highlightCount, launchEvident, selectTextByMouse, type EvidentBrowser } from './lib/extension';
import { startFixtureServer, type FixtureServer } from './lib/fixture-server';
import { startVirtualDisplay, type VirtualDisplay } from './lib/xvfb';

// A site that is not *.gov.uk and not enabled: Evident's content script is not there until the
// user's keyboard shortcut or context-menu click grants activeTab. The same paper at two addresses
// (the fixture server serves it under any folder): one per test, so each page has only its own clips.
const PAPER = 'wsx-hwb-2019-06-20-ofsted-judgement-improvement-plan.html';
const SHORTCUT_URL = `http://www.example.org/papers/shortcut/${PAPER}`;
const MENU_URL = `http://www.example.org/papers/menu/${PAPER}`;
const BY_SHORTCUT = "The Council's Children First Practice Improvement Plan will be submitted to the DfE and Ofsted in July";
const BY_MENU = 'The Commissioner is John Coughlan, the Chief Executive of Hampshire County Council';
/** Clipped on the menu test's page beforehand, in another tab: that tab's activeTab grant is not the new one's. */
const EARLIER = 'The judgement listed 12 aspects of the service requiring improvement';

let server: FixtureServer;
let x: VirtualDisplay;
let evident: EvidentBrowser;

async function evidenceCount() {
  const dashboard = await evident.extensionPage('/dashboard.html');
  await dashboard.locator('[data-testid="evidence-count"]', { hasText: 'clips' }).waitFor();
  const quotes = await dashboard.locator('[data-testid="evidence-quote"]').allTextContents();
  await dashboard.close();
  return quotes;
}

/** Selects `passage` with the mouse, then waits as long as a clip button takes to show after a selection's mouseup on a page Evident runs on. */
async function selectAndSettle(page: Page, selector: string, passage: string) {
  await selectTextByMouse(page, selector, passage);
  expect(await page.evaluate(() => document.getSelection()?.toString())).toContain(passage.slice(0, 40));
  await page.waitForTimeout(500);
}

/** Brings the newest browser window to the front so real key events reach it. */
function focusBrowserWindow(display: VirtualDisplay = x) {
  const ids = display.xdotool('search', '--onlyvisible', '--class', 'chromium').split('\n').filter(Boolean);
  if (!ids.length) throw new Error('no visible Chromium window on the virtual display');
  // No window manager on Xvfb: set the X input focus directly.
  display.xdotool('windowfocus', '--sync', ids.at(-1)!);
}

/** Where the page's viewport sits on the X screen: moves the real pointer once and compares. */
async function viewportOffset(page: Page): Promise<{ dx: number; dy: number }> {
  await page.evaluate(() => {
    (window as unknown as { lastMove?: MouseEvent }).lastMove = undefined;
    addEventListener('mousemove', (e) => ((window as unknown as { lastMove?: MouseEvent }).lastMove = e), { once: true });
  });
  x.xdotool('mousemove', '640', '500');
  const offset = await page.waitForFunction(() => {
    const e = (window as unknown as { lastMove?: MouseEvent }).lastMove;
    return e ? { dx: 640 - e.clientX, dy: 500 - e.clientY } : null;
  });
  return (await offset.jsonValue())!;
}

describe('clipping on any site with the keyboard shortcut and the context menu (headed Chromium on Xvfb)', () => {
  beforeAll(async () => {
    server = await startFixtureServer();
    x = await startVirtualDisplay();
    evident = await launchEvident({ fixturePort: server.port, display: x.display });
    // A clip of the menu test's page, made with the shortcut in a tab of its own.
    const earlier = await evident.context.newPage();
    await earlier.goto(MENU_URL);
    await earlier.bringToFront();
    await selectTextByMouse(earlier, 'p:has-text("The judgement listed")', EARLIER);
    focusBrowserWindow();
    x.xdotool('key', '--clearmodifiers', 'alt+shift+e');
    await earlier.waitForFunction(() => (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('evident-clip')?.size === 1, undefined, { timeout: 10_000 });
    await earlier.close();
  });
  afterAll(async () => {
    await evident?.close();
    x?.stop();
    await server?.close();
  });

  it('saves the selection when the reader presses Alt+Shift+E', async () => {
    const page = await evident.context.newPage();
    await page.goto(SHORTCUT_URL);
    await page.bringToFront();
    await selectAndSettle(page, 'p:has-text("will be submitted to the DfE")', BY_SHORTCUT);
    expect(await page.locator('evident-clipper').count()).toBe(0); // not a gov.uk page: no clip button
    focusBrowserWindow();
    x.xdotool('key', '--clearmodifiers', 'alt+shift+e');
    await expect.poll(() => highlightCount(page), { timeout: 10_000 }).toBe(1);
    expect(await evidenceCount()).toContain(BY_SHORTCUT);
    await page.close();
  });

  it('saves the selection from the context menu "Clip as evidence"', async () => {
    const page = await evident.context.newPage();
    await page.goto(MENU_URL);
    await page.bringToFront();
    await selectAndSettle(page, 'p:has-text("The Commissioner is")', BY_MENU);
    // A new tab: not injected yet, so neither the earlier clip's highlight nor a clip button.
    expect(await highlightCount(page)).toBe(0);
    expect(await page.locator('evident-clipper').count()).toBe(0);
    const target = await page.evaluate(() => {
      const r = document.getSelection()!.getRangeAt(0).getClientRects()[0]!;
      return { x: r.left + 10, y: r.top + r.height / 2 };
    });
    focusBrowserWindow();
    const { dx, dy } = await viewportOffset(page);
    // Right-click on the selection with a real pointer, then pick the item with the keyboard:
    // the extension's items sit just above "Inspect", the menu's last item.
    x.xdotool('mousemove', String(Math.round(target.x + dx)), String(Math.round(target.y + dy)));
    x.xdotool('click', '3');
    await new Promise((r) => setTimeout(r, 500));
    x.xdotool('key', 'Up', 'Up', 'Return');
    // Injected now, the content script highlights this clip and the one made before.
    await expect.poll(() => highlightCount(page), { timeout: 10_000 }).toBe(2);
    expect(await evidenceCount()).toContain(BY_MENU);
    await page.close();
  });
  it('opens any PDF link in Evident\'s viewer from the link\'s context menu', async () => {
    const page = await evident.context.newPage();
    // A council's download address that no redirect rule knows (no .pdf, no modern.gov path).
    server.route('/download', await readFile(path.resolve(import.meta.dirname, '../fixtures/ofsted-ilacs-st-helens-2019.pdf')), 'application/pdf');
    await page.setContent(`<p><a id="report" href="http://www.stagingcouncil.gov.uk/download?doc=ilacs-2019">Annual report (PDF)</a></p>`);
    await page.bringToFront();
    const box = await page.locator('#report').boundingBox();
    focusBrowserWindow();
    const { dx, dy } = await viewportOffset(page);
    x.xdotool('mousemove', String(Math.round(box!.x + 10 + dx)), String(Math.round(box!.y + box!.height / 2 + dy)));
    const opened = evident.context.waitForEvent('page');
    x.xdotool('click', '3');
    await new Promise((r) => setTimeout(r, 500));
    x.xdotool('key', 'Up', 'Up', 'Return');
    const viewer = await opened;
    await viewer.locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: 20_000 });
    expect(viewer.url()).toMatch(/viewer\.html\?file=http%3A%2F%2Fwww\.stagingcouncil\.gov\.uk/);
    expect(await viewer.locator('[data-testid="viewer-page-count"]').textContent()).toBe('of 13');
    await Promise.all([viewer.close(), page.close()]);
  });
});

describe('enabling the clip button on another site (headed Chromium on Xvfb)', () => {
  const SITE_PAGE = 'http://democracy.example.org/papers/wsx-cyps-select-2019-05-15-ofsted-inspection.html';
  const PASSAGE = 'The Cabinet Member retains the statutory responsibility as lead member for Children';
  let localServer: FixtureServer;
  let display: VirtualDisplay;
  let browser: EvidentBrowser;

  beforeAll(async () => {
    localServer = await startFixtureServer();
    display = await startVirtualDisplay();
    browser = await launchEvident({ fixturePort: localServer.port, display: display.display });
  });
  afterAll(async () => {
    await browser?.close();
    display?.stop();
    await localServer?.close();
  });

  it('asks the browser for that one site and then shows the clip button there', async () => {
    const before = await browser.context.newPage();
    await before.goto(SITE_PAGE);
    await selectAndSettle(before, 'p:has-text("3.3")', PASSAGE);
    expect(await before.locator('evident-clipper').count()).toBe(0);
    await before.close();

    const options = await browser.extensionPage('/options.html');
    await options.bringToFront();
    await options.locator('[data-testid="new-site"]').fill('http://democracy.example.org');
    await options.getByRole('button', { name: 'Add site' }).click();
    // The browser's own permission prompt ("Deny" has the focus): accept it from the keyboard.
    await new Promise((r) => setTimeout(r, 800));
    focusBrowserWindow(display);
    display.xdotool('key', 'Tab', 'Return');
    await expect.poll(() => options.getByRole('list', { name: 'Enabled sites' }).textContent(), { timeout: 10_000 }).toContain(
      'http://democracy.example.org',
    );

    const after = await browser.context.newPage();
    await after.goto(SITE_PAGE);
    await selectTextByMouse(after, 'p:has-text("3.3")', PASSAGE);
    await after.locator('[data-testid="clip-button"]').click();
    await expect.poll(() => after.locator('[data-testid="clip-saved"]').textContent()).toBe('Saved');
    await after.close();
    await options.close();
  });
});
