import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildFixtureWorkspace, FIXTURE_PAGES, FIXTURE_PDF } from '../lib/pack-fixture';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';
import { runAxe, type AxeFinding } from './lib/axe';
import { expectSaved } from './lib/clipping';
import { showTab, type DashboardTab } from './lib/dashboard';
import { selectTextByMouse, tabIdOf, type EvidentBrowser } from './lib/extension';
import type { FixtureServer } from './lib/fixture-server';
import { frameWith } from './lib/frames';
import { closeSeeded, launchSeeded } from './lib/seed-workspace';

/**
 * Checks of what a person sees, on the built extension in Chromium with a workspace of real clips,
 * a plan, links and tags: the in-page toolbar is wide enough and wholly on screen however near the
 * window's edge the selection is; no page scrolls sideways (dashboard at 1280 px, side panel at
 * 400 px); axe-core finds nothing serious on any page, nor a missing main landmark, content outside
 * landmarks or skipped heading levels; the toolbar's text has enough contrast. Each screen is
 * saved under test-results/screens for a reviewer to look at.
 */
const SCREENS = path.resolve(import.meta.dirname, '../../test-results/screens');
const STRUCTURE_RULES = ['landmark-one-main', 'region', 'heading-order'];
const REPORT = FIXTURE_PAGES[2];

let server: FixtureServer;
let evident: EvidentBrowser;

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: false });
}

/** Findings a person would notice: serious or critical ones, and the page-structure rules. */
async function findingsThatMatter(page: Page, label: string): Promise<AxeFinding[]> {
  const findings = await runAxe(page);
  const matter = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical' || STRUCTURE_RULES.includes(f.id));
  if (matter.length) console.log(`axe, ${label}:`, JSON.stringify(matter, null, 1));
  return matter;
}

/** Whether the page, or any box in it that scrolls, is wider than its window: a sideways scroll. */
async function sidewaysScrollers(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) found.push(`page (${root.scrollWidth} px in ${root.clientWidth} px)`);
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const style = getComputedStyle(el);
      if (!['auto', 'scroll'].includes(style.overflowX)) continue;
      if (el.scrollWidth <= el.clientWidth + 1) continue;
      // Name the widest thing inside, so a failure says what to fix.
      const edge = el.getBoundingClientRect().right;
      const culprit = [...el.querySelectorAll<HTMLElement>('*')].find((child) => child.getBoundingClientRect().right > edge + 1);
      found.push(`${el.localName}.${el.className} (${el.scrollWidth} px in ${el.clientWidth} px; ${culprit ? `${culprit.localName}.${culprit.className} "${culprit.textContent?.slice(0, 40)}"` : 'nothing named'} sticks out)`);
    }
    return found;
  });
}

/** A paragraph put in the page at a point of the window, so a selection sits near its edges. */
async function placeParagraph(page: Page, text: string, where: { right: number; bottom: number }): Promise<void> {
  await page.evaluate(({ text, where }) => {
    const p = document.createElement('p');
    p.id = 'edge-passage';
    p.textContent = text;
    p.style.cssText = `position:fixed;right:${where.right}px;bottom:${where.bottom}px;width:260px;margin:0;font:16px/1.4 sans-serif;background:#fff;`;
    document.body.append(p);
  }, { text, where });
}

async function toolbarBox(page: Page) {
  return page.locator('evident-clipper .bar').evaluate((bar) => {
    const r = bar.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, viewWidth: innerWidth, viewHeight: innerHeight };
  });
}

/** Clips the passage put near the window's edges and waits for the toolbar with Evident's frame to settle. */
async function clipNearEdge(page: Page, text: string, where: { right: number; bottom: number }): Promise<{ frame: Frame; selectionTop: number }> {
  await placeParagraph(page, text, where);
  await selectTextByMouse(page, '#edge-passage', text);
  const selectionTop = await page.locator('#edge-passage').evaluate((p) => p.getBoundingClientRect().top);
  await page.locator('[data-testid="clip-button"]').click();
  await expectSaved(page, text);
  const frame = await frameWith(page, '[data-testid="open-in-dashboard"]');
  // The frame tells the page its height once drawn; the bar then moves to stay on screen.
  await page.waitForFunction(() => {
    const frameEl = document.querySelector('evident-clipper')?.shadowRoot?.querySelector('iframe');
    return !!frameEl && frameEl.getBoundingClientRect().height > 20;
  });
  await page.waitForTimeout(200);
  return { frame, selectionTop };
}

describe('layout a person would notice', () => {
  beforeAll(async () => {
    const team = await buildFixtureWorkspace(deterministicContext(createRandom(7), 'lead'), { perSource: 3, workspaceId: 'local' });
    ({ server, evident } = await launchSeeded(Y.encodeStateAsUpdate(team.doc)));
  }, 120_000);
  afterAll(() => closeSeeded({ evident, server }));

  describe('the in-page toolbar', () => {
    it.each([
      ['near the bottom-right corner', { right: 4, bottom: 6 }, 'Leaders have strengthened the oversight of practice near the corner.'],
      ['near the right edge, half-way down', { right: 2, bottom: 380 }, 'Leaders have strengthened the oversight of practice near the edge.'],
      ['near the bottom edge, on the left', { right: 1000, bottom: 4 }, 'Leaders have strengthened the oversight of practice near the bottom.'],
    ])('is at least 280 px wide and wholly in the window with the selection %s', async (where, position, text) => {
      const page = await evident.context.newPage();
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(REPORT.url);
      const { selectionTop } = await clipNearEdge(page, text, position);
      const box = await toolbarBox(page);
      await screenshot(page, `toolbar-${where.replace(/[^a-z]+/g, '-')}`);
      expect(box.width).toBeGreaterThanOrEqual(280);
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.top).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(box.viewWidth);
      expect(box.bottom).toBeLessThanOrEqual(box.viewHeight);
      // Near the bottom it flips above the selection rather than covering it.
      if (position.bottom < 100) expect(box.bottom).toBeLessThanOrEqual(selectionTop + 1);
      await page.close();
    });

    it('is never wider than a narrow window', async () => {
      const page = await evident.context.newPage();
      await page.setViewportSize({ width: 300, height: 640 });
      await page.goto(REPORT.url);
      await clipNearEdge(page, 'A narrow window still shows the whole toolbar here.', { right: 20, bottom: 200 });
      const box = await toolbarBox(page);
      await screenshot(page, 'toolbar-narrow-window');
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(box.viewWidth);
      await page.close();
    });

    it('offers "None of these", "Open in dashboard" and a close button, works from the keyboard, and its text has enough contrast', async () => {
      const page = await evident.context.newPage();
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(REPORT.url);
      const { frame } = await clipNearEdge(page, 'Social workers know their children well and visit them regularly.', { right: 600, bottom: 400 });
      expect(await frame.locator('[data-testid="open-in-dashboard"]').count()).toBe(1);
      expect(await page.locator('[data-testid="toolbar-close"]').isVisible()).toBe(true);
      // Contrast in the page's shadow root (axe reads open shadow roots) and in Evident's frame.
      const inPage = (await runAxe(page)).filter((f) => f.id === 'color-contrast' && f.targets.some((t) => t.includes('evident-clipper')));
      expect(inPage).toEqual([]);
      await frame.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
      const inFrame = await frame.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: Array<{ id: string }> }> } }).axe;
        return (await axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] } })).violations.map((v) => v.id);
      });
      expect(inFrame).toEqual([]);
      // From the keyboard: into the frame, along its buttons with the arrows, Escape closes.
      await frame.locator('button').first().focus();
      await page.keyboard.press('ArrowDown');
      expect(await frame.evaluate(() => document.activeElement?.localName)).toBe('button');
      await screenshot(page, 'toolbar-keyboard');
      // With suggestions, "None of these" is among the frame's buttons.
      const buttons = await frame.locator('button').allInnerTexts();
      if (await frame.locator('[data-testid="suggested-action"]').count()) expect(buttons).toContain('None of these');
      // The close button, from the keyboard, closes the toolbar. (Keys are sent to the page's own
      // button: a key sent to the frame that it removes can leave the debugging protocol's call unanswered.)
      await page.locator('[data-testid="toolbar-close"]').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('[data-testid="toolbar-frame"]').count()).toBe(0);
      await page.close();
    });
  });

  describe('no page scrolls sideways', () => {
    it('the dashboard at 1280 px: every tab and a clip\'s detail', async () => {
      const dashboard = await evident.extensionPage('/dashboard.html');
      await dashboard.setViewportSize({ width: 1280, height: 800 });
      await dashboard.locator('[data-testid="evidence-item"]').first().waitFor({ timeout: 20_000 });
      expect(await sidewaysScrollers(dashboard), 'evidence').toEqual([]);
      await screenshot(dashboard, 'dashboard-evidence');
      await dashboard.locator('[data-testid="evidence-item"]').first().click();
      await dashboard.locator('[data-testid="evidence-detail"]').waitFor();
      expect(await sidewaysScrollers(dashboard), 'clip detail').toEqual([]);
      await screenshot(dashboard, 'dashboard-clip-detail');
      for (const tab of ['plan', 'coverage', 'tags', 'activity'] as DashboardTab[]) {
        await showTab(dashboard, tab);
        expect(await sidewaysScrollers(dashboard), tab).toEqual([]);
        await screenshot(dashboard, `dashboard-${tab}`);
      }
      await dashboard.close();
    });

    it('the side panel at 400 px', async () => {
      // A page of this test's own, so the tab it opens is the only one at that address.
      const url = FIXTURE_PAGES[1].url;
      const page = await evident.context.newPage();
      await page.goto(url);
      const panel = await evident.extensionPage(`/sidepanel.html?tab=${await tabIdOf(evident, url)}`);
      await panel.setViewportSize({ width: 400, height: 800 });
      await panel.locator('[data-testid="sidepanel-clip"]').first().waitFor({ timeout: 10_000 });
      expect(await sidewaysScrollers(panel)).toEqual([]);
      // A new user's welcome is a strip above the panel's work, name and team side by side (stacked
      // full-width, it took 385 px of the 800).
      const welcome = panel.locator('[data-testid="first-run"]');
      await welcome.waitFor();
      expect((await welcome.boundingBox())!.height).toBeLessThanOrEqual(240);
      await screenshot(panel, 'side-panel-400');
      await Promise.all([panel.close(), page.close()]);
    });
  });

  describe('axe-core on every page: nothing serious, every page with its main landmark and ordered headings', () => {
    it('the dashboard: each tab and a clip\'s detail', async () => {
      const dashboard = await evident.extensionPage('/dashboard.html');
      await dashboard.setViewportSize({ width: 1280, height: 800 });
      await dashboard.locator('[data-testid="evidence-item"]').first().waitFor({ timeout: 20_000 });
      expect(await findingsThatMatter(dashboard, 'evidence')).toEqual([]);
      await dashboard.locator('[data-testid="evidence-item"]').first().click();
      await dashboard.locator('[data-testid="evidence-detail"]').waitFor();
      expect(await findingsThatMatter(dashboard, 'clip detail')).toEqual([]);
      for (const tab of ['plan', 'coverage', 'tags', 'activity'] as DashboardTab[]) {
        await showTab(dashboard, tab);
        expect(await findingsThatMatter(dashboard, tab), tab).toEqual([]);
      }
      await dashboard.close();
    });

    it('the side panel, the popup, the options page and the PDF viewer', async () => {
      const url = REPORT.url;
      // One tab at the address, whatever an earlier test left open.
      for (const open of evident.context.pages()) if (open.url() === url) await open.close();
      const page = await evident.context.newPage();
      await page.goto(url);
      const tabId = await tabIdOf(evident, url);
      const panel = await evident.extensionPage(`/sidepanel.html?tab=${tabId}`);
      await panel.locator('[data-testid="sidepanel-clip"]').first().waitFor({ timeout: 10_000 });
      expect(await findingsThatMatter(panel, 'side panel')).toEqual([]);
      const popup = await evident.extensionPage(`/popup.html?tab=${tabId}`);
      await popup.locator('[data-testid="popup-clip-count"]', { hasText: /clip/ }).waitFor();
      expect(await findingsThatMatter(popup, 'popup')).toEqual([]);
      await screenshot(popup, 'popup');
      const options = await evident.extensionPage('/options.html');
      await options.locator('[data-testid="server-url"]').waitFor();
      expect(await findingsThatMatter(options, 'options')).toEqual([]);
      await screenshot(options, 'options');
      const viewer = await evident.extensionPage(`/viewer.html?file=${encodeURIComponent(FIXTURE_PDF.url)}`);
      await viewer.locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: 20_000 });
      expect(await findingsThatMatter(viewer, 'viewer')).toEqual([]);
      await screenshot(viewer, 'viewer');
      await Promise.all([panel.close(), popup.close(), options.close(), viewer.close(), page.close()]);
    });
  });
});
