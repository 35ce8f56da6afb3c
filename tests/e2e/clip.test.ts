import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipPassage } from './lib/clipping';
import { evidenceCountLine } from './lib/dashboard';
import { highlightCount, launchEvident, selectTextByMouse, type EvidentBrowser } from './lib/extension';
import { readFixture, startFixtureServer, type FixtureServer } from './lib/fixture-server';

// The West Sussex select committee report, served as a modern.gov document page on a gov.uk host.
const WSX_URL = 'http://democracy.westsussex.gov.uk/documents/s12345/wsx-cyps-select-2019-05-15-ofsted-inspection.html';
const WSX_PASSAGE =
  'The Improvement Board will take the primary responsibility for managing and overseeing the implementation of the improvement plan';
const HEREFORD_URL = 'http://councillors.herefordshire.gov.uk/ieIssueDetails.aspx?IId=50043387&Opt=3';
const HEREFORD_PASSAGE = 'The speed of response to contacts and requests for information had improved but there was still work to do';
const XSS_URL = 'http://democracy.westsussex.gov.uk/documents/s99999/case-notes.html';
const XSS_TEXT = 'Staff wrote <img src=x onerror=alert(document.domain)> into the case log before the audit';

let server: FixtureServer;

async function clipOn(evident: EvidentBrowser, url: string, selector: string, passage: string) {
  const page = await evident.context.newPage();
  await page.goto(url);
  await selectTextByMouse(page, selector, passage);
  await page.locator('[data-testid="clip-button"]').click();
  return page;
}

async function openDashboard(evident: EvidentBrowser) {
  const dashboard = await evident.extensionPage('/dashboard.html');
  const dialogs: string[] = [];
  dashboard.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { dashboard, dialogs };
}

const item = (page: Awaited<ReturnType<typeof openDashboard>>['dashboard'], quote: string) =>
  page.locator('[data-testid="evidence-item"]', { hasText: quote.slice(0, 60) });

beforeAll(async () => {
  server = await startFixtureServer();
  server.route(
    '/documents/s99999/case-notes.html',
    `<!doctype html><html lang="en-GB"><head><title>Case notes audit - Cabinet, 3 March 2021</title></head><body>
     <div role="banner"><p>West Sussex County Council</p></div><main><h1>Case notes audit</h1>
     <p>3.5 ${XSS_TEXT.replace(/</g, '&lt;').replace(/>/g, '&gt;')}, which the team corrected.</p></main></body></html>`,
  );
  // modern.gov pages are .aspx addresses; serve the captured issue page at its own path.
  server.route('/ieIssueDetails.aspx', await readFixture('moderngov-herefordshire-cabinet-2022-12-15-issue-improvement-action-plan.html'));
});

afterAll(async () => {
  await server?.close();
});

// Each test clips a passage of its own page, so each starts from a workspace without it.
describe('clipping a passage from a council page, end to end in Chromium', () => {
  let evident: EvidentBrowser;
  beforeAll(async () => {
    evident = await launchEvident({ fixturePort: server.port });
  });
  afterAll(async () => {
    await evident?.close();
  });

  it('shows the clip button beside a selection and says "Saved"', async () => {
    const page = await clipOn(evident, WSX_URL, 'p:has-text("3.2")', WSX_PASSAGE);
    await expect.poll(() => page.locator('[data-testid="clip-saved"]').textContent()).toBe('Saved');
    expect(await highlightCount(page)).toBe(1);
    await page.close();
  });

  it('reads a modern.gov issue page: council, minutes and the meeting date', async () => {
    const page = await clipOn(evident, HEREFORD_URL, 'p:has-text("The speed of response")', HEREFORD_PASSAGE);
    await expect.poll(() => page.locator('[data-testid="clip-saved"]').textContent()).toBe('Saved');
    const { dashboard } = await openDashboard(evident);
    const row = item(dashboard, HEREFORD_PASSAGE);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('[data-testid="evidence-citation"]').textContent()).toBe(
      'Herefordshire Council · Minutes · 15 December 2022',
    );
    await Promise.all([page.close(), dashboard.close()]);
  });

  it('shows a clip whose text contains markup as text, and runs nothing', async () => {
    const page = await clipOn(evident, XSS_URL, 'p:has-text("3.5")', XSS_TEXT);
    await expect.poll(() => page.locator('[data-testid="clip-saved"]').textContent()).toBe('Saved');
    const { dashboard, dialogs } = await openDashboard(evident);
    const row = item(dashboard, XSS_TEXT);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('[data-testid="evidence-quote"]').textContent()).toBe(XSS_TEXT);
    expect(await dashboard.locator('.evidence-list img').count()).toBe(0);
    await row.click();
    expect(await dashboard.locator('[data-testid="detail-quote"]').textContent()).toBe(XSS_TEXT);
    expect(await dashboard.locator('[data-testid="evidence-detail"] img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await Promise.all([page.close(), dashboard.close()]);
  });
});

describe('a workspace with a clip from each of two council pages', () => {
  let evident: EvidentBrowser;
  beforeAll(async () => {
    evident = await launchEvident({ fixturePort: server.port });
    await clipPassage(evident, WSX_URL, 'p:has-text("3.2")', WSX_PASSAGE);
    await clipPassage(evident, HEREFORD_URL, 'p:has-text("The speed of response")', HEREFORD_PASSAGE);
  });
  afterAll(async () => {
    await evident?.close();
  });

  it('lists the clip in the dashboard with its council, document type, date and paragraph', async () => {
    const { dashboard } = await openDashboard(evident);
    const row = item(dashboard, WSX_PASSAGE);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('[data-testid="evidence-quote"]').textContent()).toBe(WSX_PASSAGE);
    expect(await row.locator('[data-testid="evidence-citation"]').textContent()).toBe(
      'West Sussex County Council · Committee report · 15 May 2019 · para 3.2',
    );
    await dashboard.close();
  });

  it('recognises a second clip of the same passage and does not store it twice', async () => {
    const page = await clipOn(evident, WSX_URL, 'p:has-text("3.2")', WSX_PASSAGE);
    await expect.poll(() => page.locator('[data-testid="clip-duplicate"]').textContent()).toBe('Already saved');
    const { dashboard } = await openDashboard(evident);
    await expect.poll(() => dashboard.locator('[data-testid="evidence-item"]').count()).toBe(2);
    await Promise.all([page.close(), dashboard.close()]);
  });

  it('finds the clip by any of its words, ranks it, and filters by council, type, date and tag', async () => {
    const { dashboard } = await openDashboard(evident);
    const items = dashboard.locator('[data-testid="evidence-item"]');
    const search = dashboard.locator('[data-testid="evidence-search"]');
    await search.fill('overseeing');
    await expect.poll(() => items.count()).toBe(1);
    await expect.poll(() => item(dashboard, WSX_PASSAGE).count()).toBe(1);
    await search.fill('contacts requests');
    await expect.poll(() => item(dashboard, HEREFORD_PASSAGE).count()).toBe(1);
    await search.fill('zebra');
    // The count line says the search ran before the list is taken to be empty.
    await expect.poll(() => evidenceCountLine(dashboard).textContent()).toMatch(/^0 of \d+ clips$/);
    await expect.poll(() => items.count()).toBe(0);
    await search.fill('');
    await dashboard.locator('[data-testid="filter-council"]').selectOption('Herefordshire Council');
    await expect.poll(() => items.count()).toBe(1);
    await dashboard.locator('[data-testid="filter-council"]').selectOption('');
    await dashboard.locator('[data-testid="filter-type"]').selectOption('committee_report');
    await expect.poll(() => evidenceCountLine(dashboard).textContent()).toMatch(/^1 of \d+ clips$/);
    await expect.poll(() => item(dashboard, WSX_PASSAGE).count()).toBe(1);
    await expect.poll(() => item(dashboard, HEREFORD_PASSAGE).count()).toBe(0);
    await dashboard.locator('[data-testid="filter-type"]').selectOption('');
    await dashboard.locator('[data-testid="filter-from"]').fill('2020-01-01');
    await expect.poll(() => items.count()).toBe(1);
    await expect.poll(() => item(dashboard, HEREFORD_PASSAGE).count()).toBe(1);
    await dashboard.locator('[data-testid="filter-from"]').fill('');
    // Tag the West Sussex clip from its detail view, then filter by the tag.
    await item(dashboard, WSX_PASSAGE).click();
    await dashboard.locator('[data-testid="tag-input"]').fill('Governance');
    await dashboard.locator('[data-testid="tag-add"]').click();
    await expect.poll(() => item(dashboard, WSX_PASSAGE).locator('.tag').textContent()).toBe('Governance');
    await dashboard.locator('[data-testid="filter-tag"]').selectOption({ label: 'Governance' });
    await expect.poll(() => items.count()).toBe(1);
    await dashboard.close();
  });

  it('highlights the passage again when the page is revisited', async () => {
    const page = await evident.context.newPage();
    await page.goto(WSX_URL);
    await expect.poll(() => highlightCount(page)).toBe(1);
    await page.close();
  });

  it('exports the workspace as JSON with each source\'s metadata under the sidecar keys', async () => {
    const { dashboard } = await openDashboard(evident);
    const [download] = await Promise.all([
      dashboard.waitForEvent('download'),
      dashboard.locator('[data-testid="export-json"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^evident-workspace-local-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(Object.keys(exported)).toEqual(
      expect.arrayContaining(['schemaVersion', 'sources', 'evidence', 'recommendations', 'actions', 'tags', 'activity']),
    );
    const wsx = exported.sources.find((s: { url: string }) => s.url === WSX_URL);
    expect(wsx.metadata).toMatchObject({
      document_type: 'committee_report',
      subject_local_authority: 'West Sussex County Council',
      committee: "Children and Young People's Services Select Committee",
      meeting_date: '2019-05-15',
    });
    const clip = exported.evidence.find((e: { anchor: { quote: { exact: string } } }) => e.anchor.quote.exact === WSX_PASSAGE);
    expect(clip.anchor.paragraph).toBe('3.2');
    expect(exported.evidence).toHaveLength(2);
    await dashboard.close();
  });

  it('keeps everything when the browser is closed and opened again on the same profile', async () => {
    const { userDataDir } = evident;
    await evident.close();
    evident = await launchEvident({ fixturePort: server.port, userDataDir });
    const { dashboard } = await openDashboard(evident);
    await expect.poll(() => dashboard.locator('[data-testid="evidence-item"]').count()).toBe(2);
    await expect.poll(() => item(dashboard, WSX_PASSAGE).count()).toBe(1);
    const page = await evident.context.newPage();
    await page.goto(WSX_URL);
    await expect.poll(() => highlightCount(page)).toBe(1);
    await Promise.all([page.close(), dashboard.close()]);
  });
});
