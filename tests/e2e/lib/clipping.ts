import type { Page } from 'playwright-core';
import { selectTextByMouse, type EvidentBrowser } from './extension';

/**
 * Setup for tests that read a clip rather than make one: the passage clipped the way a reader clips
 * it. Each test that needs a clip gets it from here (in its beforeAll) instead of from a test before
 * it, so it passes alone and in any order.
 */

/** Waits for the clip toolbar's outcome and fails, saying what it said, unless it is "Saved". */
export async function expectSaved(page: Page, what: string): Promise<void> {
  const outcome = page.locator('[data-testid="clip-saved"], [data-testid="clip-duplicate"], [data-testid="clip-error"]');
  await outcome.waitFor({ state: 'attached', timeout: 15_000 });
  const said = await outcome.textContent();
  // A duplicate means the passage was clipped before this setup: the test's data is not its own.
  if (said !== 'Saved') throw new Error(`clipping ${what} said ${JSON.stringify(said)}, not "Saved"`);
}

/** Opens `url`, selects `passage` in the first element matching `selector` with the mouse, presses Clip, waits for "Saved". */
export async function clipPassage(evident: EvidentBrowser, url: string, selector: string, passage: string): Promise<void> {
  const page = await evident.context.newPage();
  await page.goto(url);
  await selectTextByMouse(page, selector, passage);
  await page.locator('[data-testid="clip-button"]').click();
  await expectSaved(page, `"${passage}" on ${url}`);
  await page.close();
}

/** The St Helens ILACS report's provider page on Ofsted's site (the caller serves its fixture there). */
export const ST_HELENS_PROVIDER_URL = 'http://reports.ofsted.gov.uk/provider/44/80560';
export const ST_HELENS_PROVIDER_FIXTURE = 'ofsted-provider-80560-st-helens.html';

/** Follows the provider page's link to the 2019 report, as a reader does; resolves with the tab it opened (loaded, not yet ready). */
export async function openReportFromProviderPage(evident: EvidentBrowser): Promise<Page> {
  const provider = await evident.context.newPage();
  await provider.goto(ST_HELENS_PROVIDER_URL);
  const [viewer] = await Promise.all([
    evident.context.waitForEvent('page'),
    provider.locator('a.publication-link', { hasText: '04 November 2019' }).click(),
  ]);
  await viewer.waitForLoadState();
  await provider.close();
  return viewer;
}

/** Evident's viewer once its first page is drawn and selectable. */
export const viewerReady = (viewer: Page) => viewer.locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: 20_000 });

/** Goes to page `n` with the viewer's page box, as a reader does, and waits for its text layer to hold `containing`. */
export async function goToPdfPage(viewer: Page, n: number, containing: string): Promise<void> {
  await viewer.locator('[data-testid="viewer-page"]').fill(String(n));
  await viewer.locator('[data-testid="viewer-page"]').press('Enter');
  await viewer.locator(`.page[data-page-number="${n}"] .textLayer`, { hasText: containing }).waitFor({ timeout: 10_000 });
}

/** Opens the St Helens report from its provider page and clips `passage` of page `n` in the viewer. */
export async function clipStHelensReportPassage(evident: EvidentBrowser, n: number, containing: string, passage: string): Promise<void> {
  const viewer = await openReportFromProviderPage(evident);
  await viewerReady(viewer);
  await goToPdfPage(viewer, n, containing);
  await selectTextByMouse(viewer, `.page[data-page-number="${n}"] .textLayer`, passage);
  await viewer.locator('[data-testid="clip-button"]').click();
  await expectSaved(viewer, `"${passage}" on page ${n} of the St Helens report`);
  await viewer.close();
}
