import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../integration/helpers/server-process';
import { clipPassage as clip } from './lib/clipping';
import { launchEvident, tabIdOf, type EvidentBrowser } from './lib/extension';
import { startFixtureServer, type FixtureServer } from './lib/fixture-server';
import { joinTeam } from './lib/team';

const WORKSPACE = 'wsx-citations';
const PAGE_URL = 'http://democracy.westsussex.gov.uk/documents/s12345/wsx-cyps-select-2019-05-15-ofsted-inspection.html';
const FIRST = 'The Improvement Board will take the primary responsibility for managing and overseeing the implementation of the improvement plan';
const SECOND = 'The Cabinet Member retains the statutory responsibility';
const COMMITTEE = "Children and Young People's Services Scrutiny Committee";
// A page Evident hardly recognises: what it reads of it, it reads with little confidence.
const PLAIN_URL = 'http://www.example-council.gov.uk/news/ofsted-update.html';
const PLAIN_PASSAGE = 'Inspectors found that leaders know their services well and have a clear plan';

let server: ServerProcess;
let fixtures: FixtureServer;
const browsers: Record<'alex' | 'sam', EvidentBrowser> = {} as never;

const committeeOf = (dashboard: Page) => dashboard.locator('[data-testid="source-field"][data-field="committee"]');

describe('a citation a person corrected is the team\'s, for every clip of the source', () => {
  beforeAll(async () => {
    server = await startServerProcess();
    fixtures = await startFixtureServer();
    fixtures.route('/news/ofsted-update.html', `<!doctype html><html><head><title>Ofsted update</title></head><body>
      <p>${PLAIN_PASSAGE}, with children at its centre.</p><p>The council will publish its next report in the spring.</p></body></html>`);
    for (const who of ['alex', 'sam'] as const) browsers[who] = await launchEvident({ fixturePort: fixtures.port });
    const [alex, sam] = await Promise.all([server.mint(WORKSPACE, 'editor'), server.mint(WORKSPACE, 'editor')]);
    await (await joinTeam(browsers.alex, server.url, alex.token, 'Alex Improvement Lead')).close();
    await (await joinTeam(browsers.sam, server.url, sam.token, 'Sam Performance Officer')).close();
  });
  afterAll(async () => {
    for (const b of Object.values(browsers)) await b?.close();
    await fixtures?.close();
    await server?.dispose();
  });

  it('reaches a teammate, and cites the corrected value for that source\'s next clip', async () => {
    await clip(browsers.alex, PAGE_URL, 'p:has-text("3.2")', FIRST);
    const alex = await browsers.alex.extensionPage('/dashboard.html');
    await alex.locator('[data-testid="evidence-item"]', { hasText: FIRST.slice(0, 50) }).click();
    await committeeOf(alex).locator('[data-testid="source-field-correct"]').click();
    await committeeOf(alex).locator('[data-testid="source-field-input"]').fill(COMMITTEE);
    await committeeOf(alex).locator('[data-testid="source-field-save"]').click();
    await expect.poll(() => committeeOf(alex).locator('[data-testid="source-field-value"]').textContent()).toBe(COMMITTEE);
    expect(await committeeOf(alex).locator('[data-testid="source-field-corrected"]').textContent()).toMatch(/corrected by Alex Improvement Lead/);

    // Sam sees it without doing anything, and his own next clip of that report cites it too.
    const sam = await browsers.sam.extensionPage('/dashboard.html');
    const first = sam.locator('[data-testid="evidence-item"]', { hasText: FIRST.slice(0, 50) });
    await expect.poll(() => first.count(), { timeout: 15_000 }).toBe(1);
    await first.click();
    await expect.poll(() => committeeOf(sam).locator('[data-testid="source-field-value"]').textContent(), { timeout: 15_000 }).toBe(COMMITTEE);
    await clip(browsers.sam, PAGE_URL, 'p:has-text("3.3")', SECOND);
    const second = sam.locator('[data-testid="evidence-item"]', { hasText: SECOND });
    await expect.poll(() => second.count()).toBe(1);
    await second.click();
    await expect.poll(() => committeeOf(sam).locator('[data-testid="source-field-value"]').textContent()).toBe(COMMITTEE);
    const [download] = await Promise.all([sam.waitForEvent('download'), sam.locator('[data-testid="export-json"]').click()]);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    const source = exported.sources.find((s: { url: string }) => s.url === PAGE_URL);
    expect(source.corrections.committee).toMatchObject({ value: COMMITTEE, by: { name: 'Alex Improvement Lead' } });
    expect(exported.evidence.filter((e: { sourceId: string }) => e.sourceId === source.id)).toHaveLength(2);
    await Promise.all([alex.close(), sam.close()]);
  });

  it('marks what Evident is not sure of in the dashboard and the side panel, until someone corrects it', async () => {
    await clip(browsers.alex, PLAIN_URL, 'p', PLAIN_PASSAGE);
    const dashboard = await browsers.alex.extensionPage('/dashboard.html');
    const item = dashboard.locator('[data-testid="evidence-item"]', { hasText: PLAIN_PASSAGE });
    await expect.poll(() => item.locator('[data-testid="citation-uncertain"]').textContent()).toMatch(/^Evident is not sure of the .*document type/);
    const page = await browsers.alex.context.newPage();
    await page.goto(PLAIN_URL);
    const panel = await browsers.alex.extensionPage(`/sidepanel.html?tab=${await tabIdOf(browsers.alex, PLAIN_URL)}`);
    await expect.poll(() => panel.locator('[data-testid="citation-uncertain"]').count(), { timeout: 10_000 }).toBe(1);

    await item.click();
    const type = dashboard.locator('[data-testid="source-field"][data-field="document_type"]');
    expect(await type.locator('[data-testid="source-field-uncertain"]').textContent()).toMatch(/not sure: read from/);
    await type.locator('[data-testid="source-field-correct"]').click();
    await type.locator('[data-testid="source-field-input"]').selectOption('committee_report');
    await type.locator('[data-testid="source-field-save"]').click();
    await expect.poll(() => type.locator('[data-testid="source-field-value"]').textContent()).toBe('Committee report');
    // The list's citation has taken the correction before it is read for what is no longer uncertain.
    await expect.poll(() => item.locator('[data-testid="evidence-citation"]').textContent()).toContain('Committee report');
    await expect.poll(() => item.locator('[data-testid="citation-uncertain"]').textContent().catch(() => null)).not.toMatch(/document type/);
    await Promise.all([dashboard.close(), panel.close(), page.close()]);
  });
});
