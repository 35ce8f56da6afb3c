import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { activityOf } from '../../shared/workspace/layout';
import { buildFixtureWorkspace } from '../lib/pack-fixture';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';
import { showTab } from './lib/dashboard';
import type { EvidentBrowser } from './lib/extension';
import type { FixtureServer } from './lib/fixture-server';
import { closeSeeded, launchSeeded } from './lib/seed-workspace';

/**
 * Evident speaks to a council officer in plain English whatever her browser's settings: on a browser
 * set to US English, dates still read "3 December 2026"; activity lines are sentences naming the
 * action by number and title, never by internal id (a line written by an older version included);
 * "By when" keeps the plan's words; RAG ratings are capitalised words with a key; the first run asks
 * her name and team; the options page has no developer's words.
 */
const SCREENS = path.resolve(import.meta.dirname, '../../test-results/screens');
const INTERNAL_ID = /\b(act|ev|rec|plan|tag|log|user|src)_[0-9a-z]{8,}\b/;
const UK_DATE = /\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/;
const NUMERIC_DATE = /\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/;

let server: FixtureServer;
let evident: EvidentBrowser;

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
}

describe('plain English on a browser set to US English', () => {
  beforeAll(async () => {
    const team = await buildFixtureWorkspace(deterministicContext(createRandom(11), 'lead'), { perSource: 2, workspaceId: 'local' });
    // A line as an older version wrote it: the action by its id, no verb for the assessment.
    activityOf(team.doc).push([JSON.stringify({
      v: 1, id: 'log_0123456789abcdef0123', at: '2026-01-05T10:00:00.000Z', actor: { id: 'user_legacy0123456789', name: 'Sam' },
      kind: 'evidence.linked', entityId: team.clipIds[0], summary: `linked to ${team.actionIds[0]} (impact)`,
    })]);
    ({ server, evident } = await launchSeeded(Y.encodeStateAsUpdate(team.doc), { locale: 'en-US' }));
  }, 120_000);
  afterAll(() => closeSeeded({ evident, server }));

  it('is a browser that would write dates the US way', async () => {
    const page = await evident.extensionPage('/options.html');
    expect(await page.evaluate(() => [navigator.language, new Date(Date.UTC(2026, 11, 3)).toLocaleDateString()])).toEqual(['en-US', '12/3/2026']);
    await page.close();
  });

  it('writes every date of a clip the UK way', async () => {
    const dashboard = await evident.extensionPage('/dashboard.html');
    await dashboard.locator('[data-testid="evidence-item"]').first().click();
    const detail = dashboard.locator('[data-testid="evidence-detail"]');
    await detail.waitFor();
    const text = await detail.innerText();
    expect(text).toMatch(new RegExp(`Clipped\\s+by .+ on ${UK_DATE.source} at \\d{2}:\\d{2}`));
    expect(text).not.toMatch(NUMERIC_DATE);
    expect(await detail.locator('[data-testid="detail-citation"]').innerText()).toMatch(/\(read \d{1,2} \w+ \d{4}\)\.$/);
    await screenshot(dashboard, 'us-locale-clip-detail');
    await dashboard.close();
  });

  it('writes the activity as sentences with UK dates, the action by number and title, never an id', async () => {
    const dashboard = await evident.extensionPage('/dashboard.html');
    await showTab(dashboard, 'activity');
    const lines = await dashboard.locator('[data-testid="activity-entry"]').allInnerTexts();
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      expect(line).not.toMatch(INTERNAL_ID);
      expect(line).toMatch(new RegExp(` on ${UK_DATE.source} at \\d{2}:\\d{2}$`));
    }
    expect(lines.some((l) => /^Sam linked a clip to action \S+ ".+" as evidence of impact on /.test(l))).toBe(true);
    expect(lines.some((l) => /linked a clip to action \S+ ".+"/.test(l))).toBe(true);
    await screenshot(dashboard, 'us-locale-activity');
    await dashboard.close();
  });

  it('shows "By when" as the plan wrote it, RAG ratings as words with a key, and clips per action', async () => {
    const dashboard = await evident.extensionPage('/dashboard.html');
    await showTab(dashboard, 'plan');
    const due = async (title: RegExp) => dashboard.locator('[data-testid="plan-action"]', { hasText: title }).locator('[data-testid="plan-action-due"]').innerText();
    expect(await due(/Refresh the supervision policy/)).toBe('June 2020'); // a month, not "30 June 2020"
    expect(await due(/^1\.2/)).toBe('Ongoing');
    expect(await due(/^1\.1/)).toBe('31 March 2020');
    const rag = await dashboard.locator('[data-testid="plan-action"] .rag').allInnerTexts();
    expect(rag.length).toBeGreaterThan(0);
    for (const word of rag) expect(word).toMatch(/^(Red|Amber|Green|Blue)$/);
    expect(await dashboard.locator('[data-testid="rag-key"]').innerText()).toMatch(/Red\s+off track/);
    const counts = await dashboard.locator('[data-testid="plan-action-evidence-count"]').allInnerTexts();
    expect(counts.every((c) => /^\d+$/.test(c))).toBe(true);
    expect(counts.some((c) => c !== '0')).toBe(true);
    await screenshot(dashboard, 'us-locale-plan');
    await dashboard.close();
  });

  it('asks her name and team on first run, and the options page speaks to an officer', async () => {
    const dashboard = await evident.extensionPage('/dashboard.html');
    const banner = dashboard.locator('[data-testid="first-run"]');
    await banner.waitFor();
    await screenshot(dashboard, 'first-run');
    await banner.locator('[data-testid="first-run-name"]').fill('Priya Shah');
    await banner.locator('[data-testid="first-run-team"]').fill('Children’s Services Improvement Team');
    await banner.locator('[data-testid="first-run-save"]').click();
    await expect.poll(() => banner.count()).toBe(0);
    const options = await evident.extensionPage('/options.html');
    await expect.poll(() => options.locator('[data-testid="display-name"]').inputValue()).toBe('Priya Shah');
    expect(await options.locator('[data-testid="team-name"]').inputValue()).toBe('Children’s Services Improvement Team');
    await options.locator('[data-testid="storage-persisted"]', { hasText: /\w/ }).waitFor();
    const words = await options.locator('main').innerText();
    expect(words).not.toMatch(/persistent storage|quota|IndexedDB|service worker/i);
    // Asked once: a new page does not ask again.
    const again = await evident.extensionPage('/dashboard.html');
    await again.locator('[data-testid="evidence-item"]').first().waitFor();
    expect(await again.locator('[data-testid="first-run"]').count()).toBe(0);
    await Promise.all([dashboard.close(), options.close(), again.close()]);
  });
});
