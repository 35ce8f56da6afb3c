import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from './lib/fixture-server';
import { citationIn, clipSelectionIn, launchEvidentFirefox, type EvidentFirefox } from './lib/firefox';

// The Firefox build (MV2, background page, sidebar) in Firefox itself: the same first path as in
// Chromium, so a Firefox-only break (a manifest key, an API Chromium has and Firefox lacks) shows.
const WSX_URL = 'http://democracy.westsussex.gov.uk/documents/s12345/wsx-cyps-select-2019-05-15-ofsted-inspection.html';
const PASSAGE = 'The Improvement Board will take the primary responsibility for managing and overseeing the implementation of the improvement plan';
/** Clipped by the first test; PASSAGE is clipped beforehand (beforeAll) for the dashboard test to read. */
const FIRST_CLIP = 'The Cabinet Member retains the statutory responsibility as lead member for Children';

const REPORT_URL = 'http://files.ofsted.gov.uk/v1/file/50130434';
const REPORT_PASSAGE = 'Support for children and families on the edge of care which is timely, responsive';

let server: FixtureServer;
let evident: EvidentFirefox;

describe('clipping a passage in Firefox, with the Firefox build', () => {
  beforeAll(async () => {
    server = await startFixtureServer();
    const report = await readFile(path.resolve(import.meta.dirname, '../fixtures/ofsted-ilacs-st-helens-2019.pdf'));
    server.route('/v1/file/50130434', new Uint8Array(report), 'application/pdf');
    evident = await launchEvidentFirefox({ fixturePort: server.port });
    const page = await evident.browser.newPage();
    await page.goto(WSX_URL);
    await clipSelectionIn(page, 'body', PASSAGE);
    await page.close();
  });
  afterAll(async () => {
    await evident?.close();
    await server?.close();
  });

  it('shows the clip button beside a selection on a gov.uk page and says "Saved"', async () => {
    const page = await evident.browser.newPage();
    await page.goto(WSX_URL);
    await clipSelectionIn(page, 'body', FIRST_CLIP);
    await page.close();
  });

  it('lists the clip in the dashboard with its council, document type, date and paragraph', async () => {
    const dashboard = await evident.extensionPage('/dashboard.html');
    await expect.poll(() => citationIn(dashboard, PASSAGE.slice(0, 60)), { timeout: 10_000 }).toBe('West Sussex County Council · Committee report · 15 May 2019 · para 3.2');
    await dashboard.close();
  });

  it('opens an Ofsted report PDF in Evident\'s viewer by itself, and clips from it with the page number', async () => {
    const page = await evident.browser.newPage();
    await page.goto(WSX_URL);
    // Followed from a page, as a reader's click would (WebDriver's own navigation stops at the redirect).
    await page.evaluate((url) => void (location.href = url), REPORT_URL);
    await page.waitForFunction(() => location.protocol === 'moz-extension:' && document.body.dataset['ready'] === 'true', { timeout: 20_000 });
    expect(await page.evaluate(() => location.pathname)).toBe('/viewer.html');
    await page.$eval('[data-testid="viewer-page"]', (input) => {
      (input as HTMLInputElement).value = '3';
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.waitForFunction((passage) => document.querySelector('.page[data-page-number="3"] .textLayer')?.textContent?.includes(passage.slice(0, 30)), { timeout: 10_000 }, REPORT_PASSAGE);
    await clipSelectionIn(page, '.page[data-page-number="3"] .textLayer', REPORT_PASSAGE);
    await page.close();

    const dashboard = await evident.extensionPage('/dashboard.html');
    await expect.poll(() => citationIn(dashboard, REPORT_PASSAGE), { timeout: 10_000 }).toMatch(/^St Helens Metropolitan Borough Council · Ofsted inspection report · .*page 3$/);
    await dashboard.close();
  });
});
