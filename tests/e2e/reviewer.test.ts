import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportWorkspace } from '../../shared/workspace/export';
import { startServerProcess, type ServerProcess } from '../integration/helpers/server-process';
import { buildFixtureWorkspace, FIXTURE_PAGES, FIXTURE_PDF, type FixtureWorkspace } from '../lib/pack-fixture';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';
import { showTab } from './lib/dashboard';
import { highlightCount, launchEvident, selectTextByMouse, tabIdOf, type EvidentBrowser } from './lib/extension';
import { startFixtureServer, type FixtureServer } from './lib/fixture-server';
import { joinTeam } from './lib/team';

const WORKSPACE = 'board-pack';

let server: ServerProcess;
let fixtures: FixtureServer;
let reviewer: EvidentBrowser;
let team: FixtureWorkspace;

/**
 * Controls a reviewer may use: reading (search, filters, tabs, opening a clip, showing it in the
 * page), exporting, and choosing their own workspace. Anything else visible that takes input is an
 * edit control, which a reviewer must not be offered.
 */
const READING_CONTROLS = new Set([
  'evidence-search', 'filter-council', 'filter-type', 'filter-from', 'filter-to', 'filter-tag',
  'export-json', 'export-pack', 'workspace-switcher', 'open-in-context', 'close-detail', 'plan-select',
  'stale-months', 'coverage-count', 'show-in-page', 'load-more', 'show-evidence', 'show-deleted', 'plan-export-csv', 'plan-export-xlsx', 'plan-export-json', 'coverage-plan',
  'copy-citation', 'copy-citation-footnote',
]);

/** Visible controls on the page (and in its open shadow roots) that are not for reading: should be none. */
async function editControls(page: Page): Promise<string[]> {
  return page.evaluate((allowed) => {
    const found: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll<HTMLElement>('button, input, select, textarea, [contenteditable="true"], [contenteditable=""]')) {
        if (!el.checkVisibility() || el.closest('dialog:not([open])')) continue;
        const name = el.dataset.testid ?? '';
        if (!allowed.includes(name)) found.push(`${el.localName}[${name || el.getAttribute('aria-label') || el.textContent?.trim() || el.getAttribute('type')}]`);
      }
      for (const host of root.querySelectorAll('*')) if (host.shadowRoot) visit(host.shadowRoot);
    };
    visit(document);
    return found;
  }, [...READING_CONTROLS]);
}

describe('a reviewer\'s extension: the whole workspace to read, offline too, and nothing to edit', () => {
  beforeAll(async () => {
    server = await startServerProcess();
    fixtures = await startFixtureServer();
    team = await buildFixtureWorkspace(deterministicContext(createRandom(3), 'lead'), { perSource: 3, workspaceId: WORKSPACE });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'evident-import-')), 'workspace.json');
    writeFileSync(file, JSON.stringify(exportWorkspace(team.doc, WORKSPACE, new Date().toISOString())));
    const imported = await server.cli(['import', '--workspace', WORKSPACE, '--file', file]);
    if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
    reviewer = await launchEvident({ fixturePort: fixtures.port });
    await (await joinTeam(reviewer, server.url, (await server.mint(WORKSPACE, 'reviewer')).token)).close();
  }, 120_000);
  afterAll(async () => {
    await reviewer?.close();
    await fixtures?.close();
    await server?.dispose();
  });

  it('shows no edit control in any tab of the dashboard, nor in a clip\'s detail', async () => {
    const dashboard = await reviewer.extensionPage('/dashboard.html');
    await expect.poll(() => dashboard.locator('[data-testid="evidence-item"]').count(), { timeout: 20_000 }).toBe(team.clipIds.length);
    // The page knows the workspace is a reviewer's (until it does, it shows an editor's controls).
    await dashboard.locator('[data-testid="read-only"]').waitFor();
    expect(await editControls(dashboard)).toEqual([]);
    await dashboard.locator('[data-testid="evidence-item"]').first().click();
    await dashboard.locator('[data-testid="detail-quote"]').waitFor();
    expect(await editControls(dashboard)).toEqual([]);
    for (const tab of ['plan', 'coverage', 'tags', 'activity'] as const) {
      await showTab(dashboard, tab);
      expect(await editControls(dashboard), tab).toEqual([]);
    }
    // The plan is there to read.
    await dashboard.locator('[data-testid="tab-plan"]').click();
    await expect.poll(() => dashboard.locator('[data-testid="plan-action"]').count()).toBe(team.actionIds.length);
    await dashboard.close();
  });

  it('shows no edit control in the side panel, the popup, the page\'s toolbar or the PDF viewer', async () => {
    const page = await reviewer.context.newPage();
    await page.goto(FIXTURE_PAGES[2].url);
    const side = await reviewer.extensionPage(`/sidepanel.html?tab=${await tabIdOf(reviewer, FIXTURE_PAGES[2].url)}`);
    await expect.poll(() => side.locator('[data-testid="sidepanel-clip"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await editControls(side)).toEqual([]);
    await side.close();

    const popup = await reviewer.extensionPage('/popup.html');
    await popup.locator('[data-testid="read-only"]').waitFor();
    expect(await popup.locator('[data-testid="popup-clip"]').count()).toBe(0);
    await popup.close();

    // Selecting text on a gov.uk page offers no clip button, though Evident runs there (the team's clips are highlighted).
    await page.bringToFront();
    await expect.poll(() => highlightCount(page)).toBeGreaterThan(0);
    const words = (await page.locator('p').nth(3).textContent())!.trim().split(/\s+/).slice(0, 6).join(' ');
    await selectTextByMouse(page, 'p >> nth=3', words);
    // The button would show just after the selection's mouseup: wait that long.
    await page.waitForTimeout(500);
    expect(await page.locator('[data-testid="clip-button"]').count()).toBe(0);
    expect(await editControls(page)).toEqual([]);
    await page.close();

    const viewer = await reviewer.context.newPage();
    await viewer.goto(`chrome-extension://${reviewer.extensionId}/viewer.html?file=${encodeURIComponent(FIXTURE_PDF.url)}`);
    await viewer.locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: 20_000 });
    await viewer.locator('[data-testid="viewer-page"]').fill('3');
    await viewer.locator('[data-testid="viewer-page"]').press('Enter');
    await viewer.locator('.page[data-page-number="3"] .textLayer', { hasText: 'What needs to improve' }).waitFor({ timeout: 10_000 });
    // The viewer has read the PDF's text and prepared clipping (or, for a scan, the hand-entry form).
    await viewer.locator('body[data-clips-shown]').waitFor({ state: 'attached', timeout: 20_000 });
    await selectTextByMouse(viewer, '.page[data-page-number="3"] .textLayer', 'Support for children and families on the edge of care');
    // The button would show just after the selection's mouseup: wait that long.
    await viewer.waitForTimeout(500);
    expect(await viewer.locator('[data-testid="clip-button"]').count()).toBe(0);
    expect(await viewer.locator('[data-testid="manual-entry"]:visible').count()).toBe(0);
    await viewer.close();
  });

  it('reads the whole workspace from its local copy with the server gone, and exports a pack of it', async () => {
    await server.kill('SIGTERM');
    try {
      const dashboard = await reviewer.extensionPage('/dashboard.html');
      await expect.poll(() => dashboard.locator('[data-testid="evidence-item"]').count(), { timeout: 20_000 }).toBe(team.clipIds.length);
      const quotes = (await dashboard.locator('[data-testid="evidence-quote"]').allTextContents()).map((q) => q.replace(/\s+/g, ' ').trim());
      expect(new Set(quotes)).toEqual(new Set([...team.quotes.values()].map((q) => q.replace(/\s+/g, ' ').trim())));
      await dashboard.locator('[data-testid="export-pack"]').click();
      const dialog = dashboard.locator('dialog.export-dialog');
      const [download] = await Promise.all([dashboard.waitForEvent('download'), dialog.locator('[data-testid="export-confirm"]').click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^evident-pack-${WORKSPACE}-\\d{4}-\\d{2}-\\d{2}\\.html$`));
      await dashboard.close();
    } finally {
      await server.restart(); // the server back for the other tests
    }
  });
});
