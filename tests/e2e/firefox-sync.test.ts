import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../integration/helpers/server-process';
import { launchEvident, selectTextByMouse, type EvidentBrowser } from './lib/extension';
import { startFixtureServer, type FixtureServer } from './lib/fixture-server';
import { citationIn, clipSelectionIn, launchEvidentFirefox, type EvidentFirefox } from './lib/firefox';
import { joinTeam } from './lib/team';

// Team sync with the Firefox build: a Firefox user and a Chromium teammate in one workspace, through
// the sync server as its own process. The Firefox background is an MV2 page, not a service worker,
// and its pages are moz-extension:// (an origin the server must accept): this is where that shows.
const WORKSPACE = 'wsx-ilacs';
const WSX_URL = 'http://democracy.westsussex.gov.uk/documents/s12345/wsx-cyps-select-2019-05-15-ofsted-inspection.html';
const FIREFOX_PASSAGE = 'The Improvement Board will take the primary responsibility for managing and overseeing the implementation of the improvement plan';
const CHROMIUM_PASSAGE = 'The Cabinet Member retains the statutory responsibility as lead member for Children';

let server: ServerProcess;
let fixtures: FixtureServer;
let firefox: EvidentFirefox;
let chromium: EvidentBrowser;

/** Replaces a React-controlled field's text as a person does: select what is there, type over it, key by key. */
async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.$eval(selector, (field) => (field as HTMLInputElement).select());
  await page.type(selector, text, { delay: 0 });
}

describe('team sync in Firefox, with a teammate in Chromium', () => {
  beforeAll(async () => {
    server = await startServerProcess();
    fixtures = await startFixtureServer();
    firefox = await launchEvidentFirefox({ fixturePort: fixtures.port, direct: ['127.0.0.1'] });
    chromium = await launchEvident({ fixturePort: fixtures.port });
    const [forFirefox, forChromium] = await Promise.all([server.mint(WORKSPACE, 'editor'), server.mint(WORKSPACE, 'editor')]);

    const options = await firefox.extensionPage('/options.html');
    await typeInto(options, '[data-testid="display-name"]', 'Fern Firefox');
    await options.click('button::-p-text(Save name)');
    await typeInto(options, '[data-testid="server-url"]', server.url);
    await typeInto(options, '[data-testid="invite-token"]', forFirefox.token);
    await options.click('[data-testid="connect"]');
    await options.waitForFunction(() => document.querySelector('[data-testid="sync-status"]')?.textContent === 'synced', { timeout: 20_000 }).catch(async (e) => {
      throw new Error(`Firefox did not sync: ${e}\n--- its options page:\n${await options.evaluate(() => document.body.innerText)}`);
    });
    await options.close();

    await (await joinTeam(chromium, server.url, forChromium.token, 'Cal Chromium')).close();
  });

  afterAll(async () => {
    await firefox?.close();
    await chromium?.close();
    await fixtures?.close();
    await server?.dispose();
  });

  it("shows a clip made in Firefox in the Chromium teammate's dashboard", async () => {
    const page = await firefox.browser.newPage();
    await page.goto(WSX_URL);
    await clipSelectionIn(page, 'body', FIREFOX_PASSAGE);
    await page.close();

    const dashboard = await chromium.extensionPage('/dashboard.html');
    const item = dashboard.locator('[data-testid="evidence-item"]', { hasText: FIREFOX_PASSAGE.slice(0, 60) });
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
    expect(await item.locator('[data-testid="evidence-citation"]').textContent()).toBe('West Sussex County Council · Committee report · 15 May 2019 · para 3.2');
    // And Firefox's own dashboard cites it the same way.
    const own = await firefox.extensionPage('/dashboard.html');
    await expect.poll(() => citationIn(own, FIREFOX_PASSAGE.slice(0, 60)), { timeout: 10_000 }).toBe('West Sussex County Council · Committee report · 15 May 2019 · para 3.2');
    await Promise.all([dashboard.close(), own.close()]);
  });

  it('brings a clip made in Chromium to the Firefox dashboard', async () => {
    const page = await chromium.context.newPage();
    await page.goto(WSX_URL);
    await selectTextByMouse(page, 'p:has-text("3.3")', CHROMIUM_PASSAGE);
    await page.locator('[data-testid="clip-button"]').click();
    await expect.poll(() => page.locator('[data-testid="clip-saved"]').count()).toBe(1);
    await page.close();

    const dashboard = await firefox.extensionPage('/dashboard.html');
    await expect.poll(() => citationIn(dashboard, CHROMIUM_PASSAGE), { timeout: 10_000 }).toBe('West Sussex County Council · Committee report · 15 May 2019 · para 3.3');
    await dashboard.close();
  });

  it("shows each the other as online, with the page they are reading, in the side panel (Firefox's sidebar page)", async () => {
    const firefoxReader = await firefox.browser.newPage();
    await firefoxReader.goto(WSX_URL);
    const chromiumPanel = await chromium.extensionPage('/sidepanel.html');
    const fern = chromiumPanel.locator('[data-testid="presence-person"]', { hasText: 'Fern Firefox' });
    await expect.poll(() => fern.textContent(), { timeout: 10_000 }).toMatch(/is reading Ofsted Inspection of Children's Social Care Services/);

    const chromiumReader = await chromium.context.newPage();
    await chromiumReader.goto(WSX_URL);
    const firefoxPanel = await firefox.extensionPage('/sidepanel.html');
    const cal = () =>
      firefoxPanel.evaluate(() => [...document.querySelectorAll('[data-testid="presence-person"]')].find((el) => el.textContent?.includes('Cal Chromium'))?.textContent ?? null);
    await expect.poll(cal, { timeout: 10_000 }).toMatch(/is reading Ofsted Inspection of Children's Social Care Services/);
    await Promise.all([firefoxReader.close(), chromiumPanel.close(), chromiumReader.close(), firefoxPanel.close()]);
  });
});
