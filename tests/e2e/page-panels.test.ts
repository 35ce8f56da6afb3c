import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipPassage } from './lib/clipping';
import { highlightCount, launchEvident, tabIdOf, selectTextByMouse, type EvidentBrowser } from './lib/extension';
import { readFixture, startFixtureServer, type FixtureServer } from './lib/fixture-server';

// The St Helens cabinet report, served on a gov.uk host.
const FILE = 'sthelens-cabinet-2020-02-26-ilacs-outcome-letter-action-plan.html';
const URL_ = `http://moderngov.sthelens.gov.uk/documents/s5555/${FILE}`;
/** Clipped beforehand (beforeAll): the popup and "open in context" tests read it. */
const KEPT = 'the Department has established a permanence tracking process';
const VIA_POPUP = 'The council is in formal intervention with DfE.';
// The same report at an address of its own, which the council edits in the side panel test.
const EDITED_PATH = `/documents/s5556/${FILE}`;
const EDITED_URL = `http://moderngov.sthelens.gov.uk${EDITED_PATH}`;
const STILL_THERE = 'One of the main areas identified by Ofsted related to the need to improve permanence planning';
const REMOVED = 'Recruitment and retention of experienced Social Workers continues to be a challenge';

let server: FixtureServer;
let evident: EvidentBrowser;

async function clip(page: Page, selector: string, passage: string) {
  await selectTextByMouse(page, selector, passage);
  await page.locator('[data-testid="clip-button"]').click();
  await expect.poll(() => page.locator('[data-testid="clip-saved"]').count()).toBe(1);
}

describe('the side panel, the popup and "open in context"', () => {
  beforeAll(async () => {
    server = await startFixtureServer();
    evident = await launchEvident({ fixturePort: server.port });
    await clipPassage(evident, URL_, 'p:has-text("2.9")', KEPT);
  });
  afterAll(async () => {
    await evident?.close();
    await server?.close();
  });

  it('lists this page\'s clips, marks one the page no longer has as "not found", and shows the other in the page', async () => {
    const page = await evident.context.newPage();
    await page.goto(EDITED_URL);
    await clip(page, 'p:has-text("2.9")', STILL_THERE);
    await page.mouse.click(5, 5);
    await clip(page, 'p:has-text("7.1")', REMOVED);
    // The council edits the page: paragraph 7.1 loses the clipped sentence.
    const original = await readFixture(FILE);
    server.route(EDITED_PATH, original.replace(`${REMOVED} for the Department and is a risk`, 'A risk'));
    await page.reload();
    await expect.poll(() => highlightCount(page)).toBe(1);

    const panel = await evident.extensionPage(`/sidepanel.html?tab=${await tabIdOf(evident, EDITED_URL)}`);
    await expect.poll(() => panel.locator('[data-testid="sidepanel-clip"]').count()).toBe(2);
    expect(await panel.locator('[data-testid="page-clip-count"]').textContent()).toBe('2 clips from this page');
    const missing = panel.locator('[data-testid="sidepanel-clip"]', { hasText: REMOVED });
    expect(await missing.locator('[data-testid="clip-not-found"]').textContent()).toMatch(/Not found on this page/);
    expect(await highlightCount(page)).toBe(1); // the page has looked for both: the removed one is not highlighted
    const present = panel.locator('[data-testid="sidepanel-clip"]', { hasText: STILL_THERE });
    await present.locator('[data-testid="show-in-page"]').click();
    await expect.poll(() => highlightCount(page, 'evident-flash')).toBe(1);
    await panel.close();
    await page.close();
  });

  it('clips the selection from the toolbar popup and shows this page\'s clip count', async () => {
    const page = await evident.context.newPage();
    await page.goto(URL_);
    await expect.poll(() => highlightCount(page)).toBe(1);
    await selectTextByMouse(page, 'p:has-text("4.1")', VIA_POPUP);
    const popup = await evident.extensionPage(`/popup.html?tab=${await tabIdOf(evident, URL_)}`);
    await expect.poll(() => popup.locator('[data-testid="popup-clip-count"]').textContent()).toBe('1 clip on this page');
    await popup.locator('[data-testid="popup-clip"]').click();
    await expect.poll(() => popup.locator('[data-testid="popup-message"]').textContent()).toBe('Saved');
    await expect.poll(() => popup.locator('[data-testid="popup-clip-count"]').textContent()).toBe('2 clips on this page');
    await expect.poll(() => highlightCount(page)).toBe(2);
    await popup.close();
    await page.close();
  });

  it('opens a clip in context from the dashboard: the page, scrolled to the passage, flashing', async () => {
    const dashboard = await evident.extensionPage('/dashboard.html');
    await dashboard.locator('[data-testid="evidence-item"]', { hasText: KEPT }).click();
    const [opened] = await Promise.all([
      evident.context.waitForEvent('page'),
      dashboard.locator('[data-testid="open-in-context"]').click(),
    ]);
    await opened.waitForLoadState();
    expect(opened.url()).toBe(URL_);
    await expect.poll(() => highlightCount(opened, 'evident-flash')).toBe(1);
    const flashedText = await opened.evaluate(() =>
      [...(CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('evident-flash')!][0]!.toString(),
    );
    expect(flashedText).toBe(KEPT);
    await opened.close();
    await dashboard.close();
  });
});
