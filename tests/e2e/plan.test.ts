import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipPassage } from './lib/clipping';
import { importPlan, linkClip, PLANS } from './lib/dashboard';
import { launchEvident, selectTextByMouse, type EvidentBrowser } from './lib/extension';
import { readFixture, startFixtureServer, type FixtureServer } from './lib/fixture-server';
import { frameWith } from './lib/frames';

// The St Helens Ofsted report (text form), served on an Ofsted host.
const REPORT_URL = 'http://files.ofsted.gov.uk/v1/file/ofsted-ilacs-st-helens-2019-text.html';
const PASSAGE = 'The quality of pathway plans is inconsistent, and not all are up to date';
const PASSAGE_IN = 'p:has-text("Most young people have a pathway plan")';
const PATHWAY_AFI = 'The quality and usefulness of pathway plans';

let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
  server.route('/bad-plan.csv', '');
});
afterAll(async () => {
  await server?.close();
});

/** A browser of its own for each describe: what one describe's tests change, another's never see. */
function useBrowser(setup: (evident: EvidentBrowser) => Promise<void> = async () => undefined): () => EvidentBrowser {
  let evident: EvidentBrowser;
  beforeAll(async () => {
    evident = await launchEvident({ fixturePort: server.port });
    await setup(evident);
  });
  afterAll(async () => {
    await evident?.close();
  });
  return () => evident;
}

describe('improvement plans end to end: import, suggested link from the page, coverage', () => {
  describe('a workspace without a plan', () => {
    const browser = useBrowser();

    it('refuses a bad spreadsheet with the row, the column and the reason, and imports nothing', async () => {
      const dashboard = await browser().extensionPage('/dashboard.html#plan');
      const recommendations = dashboard.locator('[data-testid="plan-recommendation"]');
      await dashboard.getByText('No plan yet.').waitFor(); // the plan view has drawn
      const good = await readFixture('plans/ilacs-action-plan.csv');
      const bad = good.replace(/,Amber,/, ',Purple,');
      await dashboard.locator('[data-testid="plan-import"]').setInputFiles({ name: 'bad-plan.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      const errors = dashboard.locator('[data-testid="plan-import-errors"]');
      await expect.poll(() => errors.textContent()).toMatch(/Row \d+, "RAG": .*Purple/);
      expect(await dashboard.locator('[data-testid="plan-import-confirm"]').count()).toBe(0);
      expect(await recommendations.count()).toBe(0);
      expect(await dashboard.getByText('No plan yet.').count()).toBe(1);
      await dashboard.close();
    });
  });

  // Its own browser: the refusal above is checked on a workspace that has no plan.
  describe('importing the council\'s plan', () => {
    const browser = useBrowser();

    it('imports the council\'s plan from its spreadsheet after a preview', async () => {
      const dashboard = await browser().extensionPage('/dashboard.html#plan');
      await dashboard.locator('[data-testid="plan-import"]').setInputFiles(path.join(PLANS, 'ilacs-action-plan.csv'));
      await expect.poll(() => dashboard.locator('[data-testid="plan-import-preview"]').textContent()).toMatch(/\d+ recommendations, \d+ actions/);
      await dashboard.locator('[data-testid="plan-import-confirm"]').click();
      await expect.poll(() => dashboard.locator('[data-testid="plan-import-message"]').textContent()).toMatch(/^Imported/);
      await expect.poll(() => dashboard.locator('[data-testid="plan-recommendation"]').count()).toBeGreaterThan(3);
      // Action references are kept as written and shown with the action.
      expect(await dashboard.locator('[data-testid="plan-action"]').first().textContent()).toMatch(/^1\.1 /);
      await dashboard.close();
    });
  });

  describe('clips of the report, with the council\'s plan imported', () => {
    const browser = useBrowser((evident) => importPlan(evident));

    it('suggests the pathway-plan actions for a passage about pathway plans, and links one with a click', async () => {
      const evident = browser();
      const page = await evident.context.newPage();
      await page.goto(REPORT_URL);
      await selectTextByMouse(page, PASSAGE_IN, PASSAGE);
      await page.locator('[data-testid="clip-button"]').click();
      await expect.poll(() => page.locator('[data-testid="clip-saved"]').count()).toBe(1);
      // The suggestions may be drawn in a frame of Evident's own (page scripts cannot read the plan).
      const toolbar = await frameWith(page, '[data-testid="suggested-action"]');
      const suggestions = toolbar.locator('[data-testid="suggested-action"]');
      await expect.poll(() => suggestions.count()).toBeGreaterThan(0);
      expect(await suggestions.count()).toBeLessThanOrEqual(3);
      const first = suggestions.first();
      expect(await first.textContent()).toMatch(/^4\.\d/); // section 4 of the plan: pathway plans
      const actionId = await first.getAttribute('data-action-id');
      await first.click();
      await toolbar.locator('[data-testid="toolbar-assessment"][data-assessment="impact"]').click();
      await expect.poll(() => toolbar.locator('[data-testid="clip-linked"]').textContent()).toMatch(/as impact$/);

      const dashboard = await evident.extensionPage('/dashboard.html#coverage');
      const row = dashboard.locator(`[data-testid="coverage-action"][data-action-id="${actionId}"]`);
      await expect.poll(() => row.locator('[data-testid="coverage-impact"]').textContent()).toBe('1');
      expect(await row.locator('[data-testid="coverage-count"]').textContent()).toBe('1');
      expect(await dashboard.locator('[data-testid="coverage-chart"]').count()).toBeGreaterThan(0);
      // An action with no evidence is flagged.
      expect(await dashboard.locator('[data-testid="coverage-flag"]', { hasText: 'No evidence' }).count()).toBeGreaterThan(0);
      // The count opens the evidence list filtered to that action.
      await row.locator('[data-testid="coverage-count"]').click();
      await expect.poll(() => dashboard.locator('[data-testid="evidence-item"]').count()).toBe(1);
      expect(await dashboard.locator('[data-testid="action-filter"]').textContent()).toMatch(/^Linked to 4\.\d/);
      expect(await dashboard.locator('[data-testid="linked-action"]').textContent()).toMatch(/· impact$/);
      await Promise.all([page.close(), dashboard.close()]);
    });

    it('links several clips to one action at once, and the coverage view counts them', async () => {
      const evident = browser();
      // Two clips of this test's own, so what other tests link does not count here.
      const passages = ['Reports of reviews provided to the child are well written', 'Children are seen regularly, and seen alone'];
      await clipPassage(evident, REPORT_URL, 'p:has-text("Reports of reviews provided to the child")', passages[0]!);
      await clipPassage(evident, REPORT_URL, 'p:has-text("Children are seen regularly")', passages[1]!);
      const dashboard = await evident.extensionPage('/dashboard.html#evidence');
      for (const passage of passages) {
        const item = dashboard.locator('[data-testid="evidence-item"]', { hasText: passage });
        await expect.poll(() => item.count()).toBe(1);
        await item.locator('[data-testid="evidence-select"]').check();
      }
      const bar = dashboard.locator('[data-testid="bulk-link"]');
      await bar.locator('[data-testid="bulk-link-action"]').selectOption({ label: await bar.locator('[data-testid="bulk-link-action"] option').nth(1).textContent() ?? '' });
      const chosen = await bar.locator('[data-testid="bulk-link-action"]').inputValue();
      await bar.locator('[data-testid="link-assessment"]').selectOption('context');
      await bar.getByRole('button', { name: 'Link selected' }).click();
      await dashboard.goto(dashboard.url().replace(/#.*/, '#coverage'));
      const row = dashboard.locator(`[data-testid="coverage-action"][data-action-id="${chosen}"]`);
      await expect.poll(() => row.locator('[data-testid="coverage-context"]').textContent()).toBe('2');
      await dashboard.close();
    });
  });

  describe('a clip linked to an action of the council\'s plan', () => {
    const browser = useBrowser(async (evident) => {
      await importPlan(evident);
      await clipPassage(evident, REPORT_URL, PASSAGE_IN, PASSAGE);
      await linkClip(evident, PASSAGE, '4.1', 'impact');
    });

    it('imports a refreshed plan from XLSX in the browser, keeping the old plan and its link readable', async () => {
      const dashboard = await browser().extensionPage('/dashboard.html#plan');
      await dashboard.locator('[data-testid="plan-import"]').setInputFiles(path.join(PLANS, 'ilacs-action-plan.xlsx'));
      await expect.poll(() => dashboard.locator('[data-testid="plan-import-preview"]').count()).toBe(1);
      await dashboard.locator('[data-testid="plan-import-preview"] select').selectOption({ index: 1 });
      await dashboard.locator('[data-testid="plan-import-confirm"]').click();
      await expect.poll(() => dashboard.locator('[data-testid="plan-import-message"]').textContent()).toMatch(/^Imported/);
      const options = await dashboard.locator('[data-testid="plan-select"] option').allTextContents();
      expect(options.some((o) => /replaced by a refresh/.test(o))).toBe(true);
      await dashboard.goto(dashboard.url().replace(/#.*/, '#evidence'));
      const pathwayClip = dashboard.locator('[data-testid="evidence-item"]', { hasText: PASSAGE });
      await expect.poll(() => pathwayClip.locator('[data-testid="linked-action"]').allTextContents()).toContainEqual(expect.stringMatching(/^4\.\d .*· impact$/));
      await dashboard.close();
    });
  });

  describe('a clip of the report, before any plan', () => {
    const browser = useBrowser((evident) => clipPassage(evident, REPORT_URL, PASSAGE_IN, PASSAGE));

    it('turns the report\'s "What needs to improve" into a new plan\'s recommendations, once', async () => {
      const dashboard = await browser().extensionPage('/dashboard.html#plan');
      await dashboard.getByLabel('New plan').fill('Plan from the judgement letter');
      await dashboard.getByRole('button', { name: 'Create' }).click();
      await expect.poll(() => dashboard.locator('[data-testid="plan-select"] option:checked').textContent()).toMatch(/^Plan from the judgement letter/);
      await dashboard.goto(dashboard.url().replace(/#.*/, '#evidence'));
      await dashboard.locator('[data-testid="evidence-item"]', { hasText: PASSAGE }).click();
      const button = dashboard.locator('[data-testid="create-recommendations"]');
      await expect.poll(() => button.textContent()).toMatch(/in “Plan from the judgement letter”/);
      await button.click();
      const status = dashboard.locator('.report-recommendations [role="status"]');
      await expect.poll(() => status.textContent()).toBe('Added 8 recommendations to the plan');
      await button.click();
      await expect.poll(() => status.textContent()).toBe('Added 0 recommendations to the plan');
      await dashboard.goto(dashboard.url().replace(/#.*/, '#plan'));
      await expect.poll(() => dashboard.locator('[data-testid="plan-recommendation"]').count()).toBe(8);
      expect(await dashboard.locator('[data-testid="plan-recommendation"]', { hasText: PATHWAY_AFI }).count()).toBe(1);
      await dashboard.close();
    });
  });
});

describe('the shared tag taxonomy', () => {
  const browser = useBrowser((evident) => clipPassage(evident, REPORT_URL, PASSAGE_IN, PASSAGE));

  it('renames a tag and merges another into it; clips follow', async () => {
    const dashboard = await browser().extensionPage('/dashboard.html#evidence');
    await dashboard.locator('[data-testid="evidence-item"]').first().click();
    for (const name of ['Care leavers', 'Leaving care']) {
      await dashboard.locator('[data-testid="tag-input"]').fill(name);
      await dashboard.locator('[data-testid="tag-add"]').click();
      await expect.poll(() => dashboard.locator('[data-testid="evidence-item"] .tag', { hasText: name }).count()).toBe(1);
    }
    await dashboard.goto(dashboard.url().replace(/#.*/, '#tags'));
    const careLeavers = dashboard.locator('[data-testid="tag-row"]', { has: dashboard.locator('input[value="Care leavers"]') });
    await careLeavers.locator('[data-testid="tag-name"]').fill('Care leavers and pathway plans');
    await careLeavers.locator('[data-testid="tag-name"]').blur();
    const leaving = dashboard.locator('[data-testid="tag-row"]', { has: dashboard.locator('input[value="Leaving care"]') });
    await leaving.locator('[data-testid="tag-merge"]').selectOption({ label: 'Care leavers and pathway plans' });
    await expect.poll(() => dashboard.locator('[data-testid="tag-row"]').count()).toBe(1);
    await dashboard.goto(dashboard.url().replace(/#.*/, '#evidence'));
    await expect.poll(() => dashboard.locator('[data-testid="evidence-item"] .tag').allTextContents()).toEqual(['Care leavers and pathway plans']);
    await dashboard.close();
  });
});

describe('the plan editor', () => {
  const browser = useBrowser();

  it('creates a plan, adds, edits, reorders (from the keyboard) and archives actions', async () => {
    const dashboard = await browser().extensionPage('/dashboard.html#plan');
    await dashboard.getByLabel('New plan').fill('Children First Practice Improvement Plan');
    await dashboard.getByRole('button', { name: 'Create' }).click();
    await dashboard.locator('.add-recommendation summary').click();
    await dashboard.locator('.add-recommendation').getByLabel('Area for improvement').fill('Management oversight');
    await dashboard.locator('.add-recommendation').getByRole('button', { name: 'Add recommendation' }).click();
    const rec = dashboard.locator('[data-testid="plan-recommendation"]');
    await expect.poll(() => rec.count()).toBe(1);
    for (const [reference, title] of [['1.1', 'Supervision audit'], ['1.2', 'Weekly case tracking']]) {
      const form = rec.locator('.add-action');
      if (!(await form.evaluate((d) => (d as HTMLDetailsElement).open))) await form.locator('summary').click();
      await form.locator('[data-testid="action-reference"]').fill(reference!);
      await form.locator('[data-testid="action-title"]').fill(title!);
      await form.locator('[data-testid="action-save"]').click();
      await expect.poll(() => rec.locator('[data-testid="plan-action"]', { hasText: title! }).count()).toBe(1);
    }
    const titles = () => rec.locator('[data-testid="plan-action"] td:first-child').allTextContents();
    expect(await titles()).toEqual(['1.1 Supervision audit', '1.2 Weekly case tracking']);
    // Move 1.2 up with the keyboard.
    await dashboard.getByRole('button', { name: 'Move action 1.2 up' }).focus();
    await dashboard.keyboard.press('Enter');
    await expect.poll(titles).toEqual(['1.2 Weekly case tracking', '1.1 Supervision audit']);
    // Edit, then archive.
    await rec.locator('[data-testid="plan-action"]', { hasText: 'Supervision audit' }).getByRole('button', { name: 'Edit' }).click();
    const editRow = rec.locator('.actions-table');
    await editRow.locator('[data-testid="action-title"]').fill('Monthly supervision audit');
    await editRow.locator('[data-testid="action-save"]').click();
    await expect.poll(titles).toEqual(['1.2 Weekly case tracking', '1.1 Monthly supervision audit']);
    await rec.locator('[data-testid="plan-action"]', { hasText: 'Weekly case tracking' }).getByRole('button', { name: 'Archive' }).click();
    await expect.poll(titles).toEqual(['1.1 Monthly supervision audit']);
    await dashboard.close();
  });
});
