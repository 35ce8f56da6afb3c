import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../integration/helpers/server-process';
import { highlightCount, launchEvident, selectTextByMouse, type EvidentBrowser } from './lib/extension';
import { startFixtureServer, type FixtureServer } from './lib/fixture-server';

const WORKSPACE = 'wsx-ilacs';
const PAGE_URL = 'http://democracy.westsussex.gov.uk/documents/s12345/wsx-cyps-select-2019-05-15-ofsted-inspection.html';
const PASSAGE = 'The Improvement Board will take the primary responsibility for managing and overseeing the implementation of the improvement plan';

let server: ServerProcess;
let fixtures: FixtureServer;
const browsers: Record<'alex' | 'sam' | 'rev', EvidentBrowser> = {} as never;

/** As a person does it: options page, their name, the server address and the invite, Connect. */
async function join(browser: EvidentBrowser, name: string, token: string): Promise<Page> {
  const options = await browser.extensionPage('/options.html');
  await options.locator('[data-testid="display-name"]').fill(name);
  await options.getByRole('button', { name: 'Save name' }).click();
  await options.locator('[data-testid="server-url"]').fill(server.url);
  await options.locator('[data-testid="invite-token"]').fill(token);
  await options.locator('[data-testid="connect"]').click();
  await options.locator('[data-testid="sync-status"]', { hasText: /^synced$/ }).first().waitFor({ timeout: 20_000 });
  return options;
}

const itemIn = (page: Page) => page.locator('[data-testid="evidence-item"]', { hasText: PASSAGE.slice(0, 60) });

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
    await (await join(browsers.alex, 'Alex Improvement Lead', alex.token)).close();
    await (await join(browsers.sam, 'Sam Performance Officer', sam.token)).close();
    await (await join(browsers.rev, 'Board Chair', rev.token)).close();
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
    await expect.poll(() => itemIn(dashboard).count(), { timeout: 10_000 }).toBe(1);
    expect(await itemIn(dashboard).locator('[data-testid="evidence-citation"]').textContent()).toBe(
      'West Sussex County Council · Committee report · 15 May 2019 · para 3.2',
    );
    await dashboard.close();
  });

  it('brings a tag added in the second browser back to the first', async () => {
    const samDashboard = await browsers.sam.extensionPage('/dashboard.html');
    await itemIn(samDashboard).click();
    await samDashboard.locator('[data-testid="tag-input"]').fill('Governance');
    await samDashboard.locator('[data-testid="tag-add"]').click();
    const alexDashboard = await browsers.alex.extensionPage('/dashboard.html');
    await expect.poll(() => itemIn(alexDashboard).locator('.tag').allTextContents(), { timeout: 10_000 }).toEqual(['Governance']);
    // The activity feed says who did what.
    await alexDashboard.goto(alexDashboard.url().replace(/#.*$/, '') + '#activity');
    await expect.poll(() => alexDashboard.locator('[data-testid="activity-entry"]', { hasText: 'Sam Performance Officer tagged "Governance"' }).count()).toBe(1);
    expect(await alexDashboard.locator('[data-testid="activity-entry"]', { hasText: 'Alex Improvement Lead clipped' }).count()).toBe(1);
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
    // Back to the reviewer's working workspace for the next test.
    await options.locator('[data-testid="workspace-row"][data-workspace-id="wsx-ilacs"]').getByRole('button', { name: 'Switch to' }).click();
    // It was left retrying while the server restarted (the test before): switching to it tries at once.
    await expect.poll(() => options.locator('[data-testid="sync-status"]').first().textContent(), { timeout: 10_000 }).toBe('synced');
    await options.close();
  });

  it('gives a reviewer the evidence with every edit control hidden', async () => {
    const dashboard = await browsers.rev.extensionPage('/dashboard.html');
    await expect.poll(() => itemIn(dashboard).count(), { timeout: 10_000 }).toBe(1);
    expect(await dashboard.locator('[data-testid="read-only"]').textContent()).toBe('Read-only');
    expect(await dashboard.locator('[data-testid="evidence-item"]').count()).toBe(2); // incl. the offline clip
    expect(await dashboard.locator('[data-testid="evidence-select"]').count()).toBe(0);
    await itemIn(dashboard).click();
    expect(await dashboard.locator('[data-testid="evidence-detail"]').count()).toBe(1);
    for (const control of ['tag-input', 'evidence-note', 'link-action-picker', 'create-recommendations']) {
      expect(await dashboard.locator(`[data-testid="${control}"]`).count(), control).toBe(0);
    }
    expect(await dashboard.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await dashboard.goto(dashboard.url().replace(/#.*$/, '') + '#plan');
    expect(await dashboard.locator('[data-testid="plan-import"]').count()).toBe(0);
    // No clip button on pages either.
    const page = await browsers.rev.context.newPage();
    await page.goto(PAGE_URL);
    await expect.poll(() => highlightCount(page)).toBe(2); // the team's clips are highlighted for the reviewer too
    await selectTextByMouse(page, 'p:has-text("3.3")', 'The Cabinet Member retains the statutory responsibility');
    await new Promise((r) => setTimeout(r, 500));
    expect(await page.locator('[data-testid="clip-button"]').count()).toBe(0);
    await Promise.all([page.close(), dashboard.close()]);
  });
});
