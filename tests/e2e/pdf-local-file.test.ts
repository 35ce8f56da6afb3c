import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { highlightCount, launchEvident, selectTextByMouse, type EvidentBrowser } from './lib/extension';

// A council's cabinet report saved on this computer, opened from the browser's own PDF tab.
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/sthelens-cabinet-2020-02-26-report-print.pdf');
const PASSAGE = 'Approve the proposed Action Plan developed in response to the';

let evident: EvidentBrowser;
let fileUrl: string;

/** The id of the tab showing `url`: the worker may read file:// tab addresses (file:///* with file access). */
async function tabIdOf(url: string): Promise<number> {
  const worker = evident.context.serviceWorkers()[0] ?? (await evident.context.waitForEvent('serviceworker'));
  const id = await worker.evaluate(async (u) => (await chrome.tabs.query({})).find((tab) => tab.url === u)?.id, url);
  if (id === undefined) throw new Error(`no tab shows ${url}`);
  return id;
}

/**
 * Flips "Allow access to file URLs" on Evident's details page, as the user does (chrome://extensions
 * calls developerPrivate), with developer mode on as it is for anyone running an unpacked build:
 * without it Chromium disables a command-line extension when a setting reloads it. Resolves once the
 * reloaded extension's worker is running again.
 */
async function setFileAccess(allowed: boolean): Promise<void> {
  const settings = await evident.context.newPage();
  await settings.goto(`chrome://extensions/?id=${evident.extensionId}`);
  await settings.evaluate('chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true })');
  const config = { extensionId: evident.extensionId, fileAccess: allowed };
  await settings.evaluate(`chrome.developerPrivate.updateExtensionConfiguration(${JSON.stringify(config)})`);
  const info = () => settings.evaluate(`chrome.developerPrivate.getExtensionInfo(${JSON.stringify(evident.extensionId)}).then((i) => i.state + ' ' + i.fileAccess.isActive)`);
  await expect.poll(info, { timeout: 10_000 }).toBe(`ENABLED ${allowed}`);
  await settings.close();
  const worker = evident.context.serviceWorkers()[0] ?? (await evident.context.waitForEvent('serviceworker', { timeout: 10_000 }));
  await expect.poll(() => worker.evaluate(() => chrome.extension.isAllowedFileSchemeAccess())).toBe(allowed);
}

describe('a PDF saved on this computer (file://)', () => {
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'evident-local-pdf-'));
    const file = path.join(dir, 'cabinet report 26 Feb.pdf');
    copyFileSync(FIXTURE, file);
    fileUrl = pathToFileURL(file).href;
    evident = await launchEvident({ fixturePort: 9 }); // no fixture server: nothing here is on the web
  });
  afterAll(async () => {
    await evident?.close();
  });

  it('opens in the viewer from the popup when file access is allowed, and clips with its page number', async () => {
    await setFileAccess(true);
    const tab = await evident.context.newPage();
    await tab.goto(fileUrl); // the browser's own PDF viewer
    const popup = await evident.extensionPage(`/popup.html?tab=${await tabIdOf(fileUrl)}`);
    await popup.locator('[data-testid="popup-open-pdf"]').click();
    // The popup's own message rides along, so a refusal shows in the failure rather than a bare URL.
    const popupMessage = () => popup.locator('[data-testid="popup-message"]').textContent({ timeout: 500 }).catch(() => '');
    await expect.poll(async () => `${tab.url()} ${await popupMessage()}`).toMatch(/\/viewer\.html\?file=file/);
    await popup.close(); // as the real popup closes itself; the tab is the one in front again
    await tab.bringToFront();
    await tab.locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: 20_000 });
    expect(await tab.locator('[data-testid="viewer-page-count"]').textContent()).toBe('of 5');

    await tab.locator('[data-testid="viewer-page"]').fill('2');
    await tab.locator('[data-testid="viewer-page"]').press('Enter');
    const layer = tab.locator('.page[data-page-number="2"] .textLayer');
    await expect.poll(() => layer.textContent(), { timeout: 10_000 }).toContain('Recommendations for Decision');
    await selectTextByMouse(tab, '.page[data-page-number="2"] .textLayer', PASSAGE);
    await tab.locator('[data-testid="clip-button"]').click();
    await expect.poll(() => tab.locator('[data-testid="clip-saved"]').textContent()).toBe('Saved');
    expect(await highlightCount(tab)).toBe(1);

    const dashboard = await evident.extensionPage('/dashboard.html');
    const item = dashboard.locator('[data-testid="evidence-item"]', { hasText: PASSAGE });
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.locator('[data-testid="evidence-citation"]').textContent()).toMatch(/^St Helens Council · .*26 February 2020 · page 2$/);
    await Promise.all([dashboard.close(), tab.close()]);
  });

  it('says how to allow it when file access is off, and reads nothing', async () => {
    await setFileAccess(false);
    const viewer = await evident.extensionPage(`/viewer.html?file=${encodeURIComponent(fileUrl)}`);
    await expect.poll(() => viewer.locator('body').textContent(), { timeout: 10_000 }).toContain('"Allow access to file URLs"');
    expect(await viewer.locator('.textLayer').count()).toBe(0);
    await viewer.close();
  });
});
