import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clipStHelensReportPassage,
  openReportFromProviderPage,
  ST_HELENS_PROVIDER_FIXTURE,
  ST_HELENS_PROVIDER_URL as PROVIDER_URL,
  viewerReady,
} from './lib/clipping';
import { highlightCount, launchEvident, selectTextByMouse, waitForPdfRedirectRules, type EvidentBrowser } from './lib/extension';
import { readFixture, startFixtureServer, type FixtureServer } from './lib/fixture-server';

// The Ofsted provider page for St Helens, on Ofsted's host; its 2019 report link is relative, so the
// PDF is served from reports.ofsted.gov.uk too.
const REPORT_URL = 'http://reports.ofsted.gov.uk/provider/44/ofsted-ilacs-st-helens-2019.pdf';
const PASSAGE = 'Support for children and families on the edge of care which is timely, responsive';

let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
  server.route('/provider/44/80560', await readFixture(ST_HELENS_PROVIDER_FIXTURE));
});
afterAll(async () => {
  await server?.close();
});

describe('PDF evidence: an Ofsted report opened from its provider page, in Evident\'s viewer', () => {
  let evident: EvidentBrowser;
  beforeAll(async () => {
    evident = await launchEvident({ fixturePort: server.port });
    await waitForPdfRedirectRules(evident);
  });
  afterAll(async () => {
    await evident?.close();
  });

  it('opens the report in the viewer by itself, with its text selectable', async () => {
    const viewer = await openReportFromProviderPage(evident);
    expect(viewer.url()).toMatch(new RegExp(`^chrome-extension://${evident.extensionId}/viewer\\.html\\?file=`));
    await viewerReady(viewer);
    expect(await viewer.locator('[data-testid="viewer-page-count"]').textContent()).toBe('of 13');
    expect(await viewer.locator('.textLayer').first().textContent()).toContain('St Helens Metropolitan Borough');
    await viewer.close();
  });

  it('clips a passage of "What needs to improve" with its page number, and the report\'s metadata on its source', async () => {
    const viewer = await openReportFromProviderPage(evident);
    await viewerReady(viewer);
    await viewer.locator('[data-testid="viewer-page"]').fill('3');
    await viewer.locator('[data-testid="viewer-page"]').press('Enter');
    const layer = viewer.locator('.page[data-page-number="3"] .textLayer');
    await expect.poll(() => layer.textContent(), { timeout: 10_000 }).toContain('What needs to improve');
    await selectTextByMouse(viewer, '.page[data-page-number="3"] .textLayer', PASSAGE);
    await viewer.locator('[data-testid="clip-button"]').click();
    await expect.poll(() => viewer.locator('[data-testid="clip-saved"]').textContent()).toBe('Saved');
    expect(await highlightCount(viewer)).toBe(1);

    const dashboard = await evident.extensionPage('/dashboard.html');
    const item = dashboard.locator('[data-testid="evidence-item"]', { hasText: PASSAGE });
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.locator('[data-testid="evidence-quote"]').textContent()).toBe(PASSAGE);
    expect(await item.locator('[data-testid="evidence-citation"]').textContent()).toBe(
      'St Helens Metropolitan Borough Council · Ofsted inspection report · 4 November 2019 · page 3',
    );
    const [download] = await Promise.all([dashboard.waitForEvent('download'), dashboard.locator('[data-testid="export-json"]').click()]);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    const clip = exported.evidence.find((e: { anchor: { quote: { exact: string } } }) => e.anchor.quote.exact === PASSAGE);
    expect(clip.anchor.page).toBe(3);
    const source = exported.sources.find((s: { id: string }) => s.id === clip.sourceId);
    expect(source.kind).toBe('pdf');
    expect(source.pdf.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(source.metadata.publication_date).toBe('2019-11-04'); // from the provider page's link
    expect(source.metadata.judgement_table.map((r: { area_key: string; grade_key: string }) => [r.area_key, r.grade_key])).toEqual([
      ['impact_of_leaders', 'requires_improvement_to_be_good'],
      ['help_and_protection', 'requires_improvement_to_be_good'],
      ['children_in_care_and_care_leavers', 'inadequate'],
      ['overall_effectiveness', 'inadequate'],
    ]);
    expect(source.metadata.areas_for_improvement).toHaveLength(8);
    expect(source.metadata.areas_for_improvement[3]).toBe('Support for children and families on the edge of care which is timely, responsive and effective.');
    await Promise.all([dashboard.close(), viewer.close()]);
  });

  it('lets the reader turn the redirect off: the link then opens the PDF itself', async () => {
    const options = await evident.extensionPage('/options.html');
    await options.locator('[data-testid="pdf-redirect"]').uncheck();
    try {
      // The setting has reached the browser: no redirect rule is left.
      await expect.poll(() => evident.serviceWorker.evaluate(async () => (await chrome.declarativeNetRequest.getDynamicRules()).length)).toBe(0);
      const provider = await evident.context.newPage();
      await provider.goto(PROVIDER_URL);
      // The browser's own handling of the PDF (headless Chromium downloads it) rather than the viewer.
      const opened = evident.context.waitForEvent('page');
      await provider.locator('a.publication-link', { hasText: '04 November 2019' }).click();
      const page = await opened;
      await page.waitForLoadState().catch(() => undefined);
      expect(page.url()).toBe(REPORT_URL); // the report's own address, loaded
      expect(page.url()).not.toMatch(/viewer\.html/);
      await Promise.all([page.close().catch(() => undefined), provider.close()]);
    } finally {
      // Back on for the other tests, once the rules are back.
      await options.locator('[data-testid="pdf-redirect"]').check();
      await waitForPdfRedirectRules(evident);
      await options.close();
    }
  });

  it('offers to record a passage by hand when a PDF has no text (a scan), with its page number', async () => {
    // A "scanned" PDF: pages of shapes, no text, printed by Chromium itself.
    const printer = await evident.context.newPage();
    await printer.setContent('<div style="height:1000px;background:#ddd"></div><div style="height:1000px;background:#bbb"></div>');
    server.route('/documents/s777/scanned-minutes.pdf', await printer.pdf({ format: 'A4' }), 'application/pdf');
    await printer.close();
    const viewer = await evident.context.newPage();
    await viewer.goto('http://democracy.westsussex.gov.uk/documents/s777/scanned-minutes.pdf');
    await expect.poll(() => viewer.url()).toMatch(/viewer\.html\?file=/);
    const panel = viewer.locator('[data-testid="manual-entry"]');
    await panel.waitFor({ timeout: 20_000 });
    await viewer.locator('[data-testid="manual-page"]').fill('2');
    await viewer.locator('[data-testid="manual-text"]').fill('The Board noted that caseloads had fallen to an average of 18.');
    await viewer.locator('[data-testid="manual-save"]').click();
    await expect.poll(() => viewer.locator('[data-testid="manual-status"]').textContent()).toBe('Saved');
    const dashboard = await evident.extensionPage('/dashboard.html');
    const item = dashboard.locator('[data-testid="evidence-item"]', { hasText: 'caseloads had fallen' });
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.locator('[data-testid="evidence-citation"]').textContent()).toMatch(/page 2$/);
    await Promise.all([viewer.close(), dashboard.close()]);
  });
});

describe('a report clipped before, opened again', () => {
  let evident: EvidentBrowser;
  beforeAll(async () => {
    evident = await launchEvident({ fixturePort: server.port });
    await waitForPdfRedirectRules(evident);
    await clipStHelensReportPassage(evident, 3, 'What needs to improve', PASSAGE);
  });
  afterAll(async () => {
    await evident?.close();
  });

  it('highlights the clip again when the report is reopened, and opens it in context at its page', async () => {
    const viewer = await openReportFromProviderPage(evident);
    await viewerReady(viewer);
    await viewer.locator('[data-testid="viewer-page"]').fill('3');
    await viewer.locator('[data-testid="viewer-page"]').press('Enter');
    await expect.poll(() => highlightCount(viewer), { timeout: 10_000 }).toBe(1);
    await viewer.close();

    const dashboard = await evident.extensionPage('/dashboard.html');
    await dashboard.locator('[data-testid="evidence-item"]', { hasText: PASSAGE }).click();
    const [opened] = await Promise.all([evident.context.waitForEvent('page'), dashboard.locator('[data-testid="open-in-context"]').click()]);
    await expect.poll(() => highlightCount(opened, 'evident-flash'), { timeout: 15_000 }).toBe(1);
    const flashed = await opened.evaluate(() =>
      [...(CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('evident-flash')!][0]!.toString(),
    );
    expect(flashed).toBe(PASSAGE);
    expect(await opened.locator('[data-testid="viewer-page"]').inputValue()).toBe('3');
    await Promise.all([opened.close(), dashboard.close()]);
  });
});
