import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../integration/helpers/server-process';
import { clipPassage } from './lib/clipping';
import { evidenceCountLine } from './lib/dashboard';
import { highlightCount, launchEvident, selectTextByMouse, type EvidentBrowser } from './lib/extension';
import { startFixtureServer, type FixtureServer } from './lib/fixture-server';
import { joinTeam } from './lib/team';

const WORKSPACE = 'wsx-ilacs';
const PAGE_URL = 'http://democracy.westsussex.gov.uk/documents/s12345/wsx-cyps-select-2019-05-15-ofsted-inspection.html';
const PASSAGE = 'The Improvement Board will take the primary responsibility for managing and overseeing the implementation of the improvement plan';
/** The clip the team has from the start (beforeAll), which tests read and tag. */
const TEAM_PASSAGE = "Ultimately it will be for the Commissioner to determine whether the Council's improvement plan";

let server: ServerProcess;
let fixtures: FixtureServer;
const browsers: Record<'alex' | 'sam' | 'rev', EvidentBrowser> = {} as never;

const itemIn = (page: Page, passage: string) => page.locator('[data-testid="evidence-item"]', { hasText: passage.slice(0, 60) });

/** Every clip's quote in the evidence list of `browser`'s dashboard, once the list has loaded and shows `known`. */
async function quotesIn(browser: EvidentBrowser, known: string): Promise<string[]> {
  const dashboard = await browser.extensionPage('/dashboard.html');
  await itemIn(dashboard, known).waitFor({ timeout: 45_000 });
  await evidenceCountLine(dashboard).waitFor();
  const quotes = await dashboard.locator('[data-testid="evidence-quote"]').allTextContents();
  await dashboard.close();
  return quotes.sort();
}

describe('team sync between browsers, through the sync server as its own process', () => {
  beforeAll(async () => {
    server = await startServerProcess();
    fixtures = await startFixtureServer();
    for (const who of ['alex', 'sam', 'rev'] as const) browsers[who] = await launchEvident({ fixturePort: fixtures.port });
    const [alex, sam, rev] = await Promise.all([
      server.mint(WORKSPACE, 'editor'),
      server.mint(WORKSPACE, 'editor'),
      server.mint(WORKSPACE, 'reviewer'),
    ]);
    await (await joinTeam(browsers.alex, server.url, alex.token, 'Alex Improvement Lead')).close();
    await (await joinTeam(browsers.sam, server.url, sam.token, 'Sam Performance Officer')).close();
    await (await joinTeam(browsers.rev, server.url, rev.token, 'Board Chair')).close();
    await clipPassage(browsers.alex, PAGE_URL, 'p:has-text("Ultimately it will be")', TEAM_PASSAGE);
  });

  afterAll(async () => {
    for (const b of Object.values(browsers)) await b?.close();
    await fixtures?.close();
    await server?.dispose();
  });

  it('shows a clip made in one browser in the other\'s dashboard', async () => {
    const page = await browsers.alex.context.newPage();
    await page.goto(PAGE_URL);
    await selectTextByMouse(page, 'p:has-text("3.2")', PASSAGE);
    await page.locator('[data-testid="clip-button"]').click();
    await expect.poll(() => page.locator('[data-testid="clip-saved"]').count()).toBe(1);
    const dashboard = await browsers.sam.extensionPage('/dashboard.html');
    await expect.poll(() => itemIn(dashboard, PASSAGE).count(), { timeout: 10_000 }).toBe(1);
    expect(await itemIn(dashboard, PASSAGE).locator('[data-testid="evidence-citation"]').textContent()).toBe(
      'West Sussex County Council · Committee report · 15 May 2019 · para 3.2',
    );
    await Promise.all([page.close(), dashboard.close()]);
  });

  it('brings a tag added in the second browser back to the first', async () => {
    const samDashboard = await browsers.sam.extensionPage('/dashboard.html');
    await itemIn(samDashboard, TEAM_PASSAGE).click({ timeout: 15_000 });
    await samDashboard.locator('[data-testid="tag-input"]').fill('Governance');
    await samDashboard.locator('[data-testid="tag-add"]').click();
    const alexDashboard = await browsers.alex.extensionPage('/dashboard.html');
    await expect.poll(() => itemIn(alexDashboard, TEAM_PASSAGE).locator('.tag').allTextContents(), { timeout: 10_000 }).toEqual(['Governance']);
    // The activity feed says who did what.
    await alexDashboard.goto(alexDashboard.url().replace(/#.*$/, '') + '#activity');
    await expect.poll(() => alexDashboard.locator('[data-testid="activity-entry"]', { hasText: 'Sam Performance Officer tagged "Governance"' }).count()).toBe(1);
    expect(await alexDashboard.locator('[data-testid="activity-entry"]', { hasText: `Alex Improvement Lead clipped "${TEAM_PASSAGE.slice(0, 40)}` }).count()).toBe(1);
    await Promise.all([samDashboard.close(), alexDashboard.close()]);
  });

  it('shows who else is online and which page they are reading', async () => {
    const page = await browsers.alex.context.newPage();
    await page.goto(PAGE_URL);
    const panel = await browsers.sam.extensionPage('/sidepanel.html');
    const alex = panel.locator('[data-testid="presence-person"]', { hasText: 'Alex Improvement Lead' });
    await expect.poll(() => alex.textContent(), { timeout: 10_000 }).toMatch(/is reading Ofsted Inspection of Children's Social Care Services/);
    await Promise.all([panel.close(), page.close()]);
  });

  it('keeps clipping while the server is down, and the clip reaches the team when it is back', async () => {
    await server.kill('SIGTERM');
    const options = await browsers.alex.extensionPage('/options.html');
    await expect.poll(() => options.locator('[data-testid="sync-status"]').first().textContent(), { timeout: 15_000 }).toBe('offline');
    const page = await browsers.alex.context.newPage();
    await page.goto(PAGE_URL);
    const offlinePassage = 'The Committee will wish to examine to what extent the future plans';
    await selectTextByMouse(page, 'p:has-text("9.1")', offlinePassage);
    await page.locator('[data-testid="clip-button"]').click();
    await expect.poll(() => page.locator('[data-testid="clip-saved"]').count()).toBe(1);
    await server.restart();
    await expect.poll(() => options.locator('[data-testid="sync-status"]').first().textContent(), { timeout: 45_000 }).toBe('synced');
    const dashboard = await browsers.sam.extensionPage('/dashboard.html');
    await expect.poll(() => dashboard.locator('[data-testid="evidence-item"]', { hasText: offlinePassage }).count(), { timeout: 45_000 }).toBe(1);
    await Promise.all([page.close(), options.close(), dashboard.close()]);
  });

  it('stops and says why when the server refuses a revoked invite', async () => {
    const invite = await server.mint('wsx-board', 'reviewer');
    const store = server.openStore();
    store.revoke(invite.jti, 'left the board');
    store.close();
    const browser = browsers.rev;
    const options = await browser.extensionPage('/options.html');
    await options.locator('[data-testid="server-url"]').fill(server.url);
    await options.locator('[data-testid="invite-token"]').fill(invite.token);
    await options.locator('[data-testid="connect"]').click();
    await expect.poll(() => options.locator('[data-testid="sync-status"]').first().textContent(), { timeout: 15_000 }).toBe('refused');
    expect(await options.locator('[data-testid="sync-problem"]').textContent()).toMatch(/refused the invite/);
    // Back to the reviewer's working workspace, as the other tests expect it.
    await options.locator('[data-testid="workspace-row"][data-workspace-id="wsx-ilacs"]').getByRole('button', { name: 'Switch to' }).click();
    // It may have been left retrying (after the server restarted, say): switching to it tries at once.
    await expect.poll(() => options.locator('[data-testid="sync-status"]').first().textContent(), { timeout: 10_000 }).toBe('synced');
    await options.close();
  });

  it('gives a reviewer the evidence with every edit control hidden', async () => {
    // The team's clips as an editor sees them: the one from the start and any another test made.
    const teamQuotes = await quotesIn(browsers.alex, TEAM_PASSAGE);
    const dashboard = await browsers.rev.extensionPage('/dashboard.html');
    await expect.poll(() => itemIn(dashboard, TEAM_PASSAGE).count(), { timeout: 45_000 }).toBe(1);
    expect(await dashboard.locator('[data-testid="read-only"]').textContent()).toBe('Read-only');
    // Every clip, those made while the server was down included.
    await expect.poll(async () => (await dashboard.locator('[data-testid="evidence-quote"]').allTextContents()).sort(), { timeout: 45_000 }).toEqual(teamQuotes);
    expect(await dashboard.locator('[data-testid="evidence-select"]').count()).toBe(0);
    await itemIn(dashboard, TEAM_PASSAGE).click();
    await dashboard.locator('[data-testid="detail-quote"]').waitFor();
    expect(await dashboard.locator('[data-testid="evidence-detail"]').count()).toBe(1);
    for (const control of ['tag-input', 'evidence-note', 'link-action-picker', 'create-recommendations']) {
      expect(await dashboard.locator(`[data-testid="${control}"]`).count(), control).toBe(0);
    }
    expect(await dashboard.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await dashboard.goto(dashboard.url().replace(/#.*$/, '') + '#plan');
    await dashboard.getByText('No plan yet.').waitFor(); // the plan tab has drawn (the team has no plan)
    expect(await dashboard.locator('[data-testid="plan-import"]').count()).toBe(0);
    // No clip button on pages either.
    const page = await browsers.rev.context.newPage();
    await page.goto(PAGE_URL);
    // The team's clips (all from this page) are highlighted for the reviewer too: Evident runs here.
    await expect.poll(() => highlightCount(page)).toBe(teamQuotes.length);
    await selectTextByMouse(page, 'p:has-text("3.3")', 'The Cabinet Member retains the statutory responsibility');
    // The button would show just after the selection's mouseup, once the content script has read it: wait that long.
    await page.waitForTimeout(500);
    expect(await page.locator('[data-testid="clip-button"]').count()).toBe(0);
    await Promise.all([page.close(), dashboard.close()]);
  });
});
