import path from 'node:path';
import type { Page } from 'playwright-core';
import type { EvidentBrowser } from './extension';

export const PLANS = path.resolve(import.meta.dirname, '../../fixtures/plans');

/**
 * Setup: imports a plan spreadsheet (by default the council's ILACS action plan) through the
 * dashboard's Plan tab, as a person does, and waits until the plan shows.
 */
export async function importPlan(evident: EvidentBrowser, file = path.join(PLANS, 'ilacs-action-plan.csv')): Promise<void> {
  const dashboard = await evident.extensionPage('/dashboard.html#plan');
  await dashboard.locator('[data-testid="plan-import"]').setInputFiles(file);
  await dashboard.locator('[data-testid="plan-import-preview"]', { hasText: /\d+ recommendations, \d+ actions/ }).waitFor();
  await dashboard.locator('[data-testid="plan-import-confirm"]').click();
  await dashboard.locator('[data-testid="plan-import-message"]', { hasText: /^Imported/ }).waitFor();
  await dashboard.locator('[data-testid="plan-recommendation"]').first().waitFor();
  await dashboard.close();
}

export type DashboardTab = 'evidence' | 'plan' | 'coverage' | 'tags' | 'activity';

/** A row each tab draws from the workspace's data (each tab says "nothing yet" while it is still loading). */
const FIRST_ROW: Record<DashboardTab, string> = {
  evidence: '[data-testid="evidence-item"]',
  plan: '[data-testid="plan-recommendation"]',
  coverage: '[data-testid="coverage-action"]',
  tags: '[data-testid="tag-row"]',
  activity: '[data-testid="activity-entry"]',
};

/**
 * Opens a dashboard tab of a workspace that has clips, a plan, tags and activity, and waits until
 * the tab shows its rows: a check of what the tab does not show (no edit control, no injected
 * markup, no accessibility finding) must not run on a tab that has not drawn its data yet.
 */
export async function showTab(dashboard: Page, tab: DashboardTab): Promise<void> {
  await dashboard.locator(`[data-testid="tab-${tab}"]`).click();
  await dashboard.locator(FIRST_ROW[tab]).first().waitFor({ timeout: 10_000 });
}

/** The evidence list's count line once the list has loaded ("2 of 3 clips"). */
export const evidenceCountLine = (dashboard: Page) => dashboard.locator('[data-testid="evidence-count"]', { hasText: / clips?$/ });

/**
 * Setup: links the clip quoting `quote` to the current plan's action `reference` ("4.1") with an
 * assessment, by the request the dashboard's link editor sends, and waits until the list shows the link.
 */
export async function linkClip(evident: EvidentBrowser, quote: string, reference: string, assessment: string): Promise<{ evidenceId: string; actionId: string }> {
  const dashboard = await evident.extensionPage('/dashboard.html#plan');
  const action = dashboard.locator('[data-testid="plan-action"]', { hasText: new RegExp(`^${reference.replace('.', '\\.')} `) });
  const actionId = (await action.getAttribute('data-action-id'))!;
  await dashboard.locator('[data-testid="tab-evidence"]').click();
  const item = dashboard.locator('[data-testid="evidence-item"]', { hasText: quote.slice(0, 60) });
  const evidenceId = (await item.getAttribute('data-evidence-id'))!;
  const linked = (await dashboard.evaluate(
    (request) => chrome.runtime.sendMessage({ protocol: 1, type: 'evidence-link', ...request }),
    { ids: [evidenceId], actionId, assessment },
  )) as { ok: boolean; error?: string };
  if (!linked.ok) throw new Error(`linking "${quote}" to ${reference}: ${linked.error}`);
  await item.locator('[data-testid="linked-action"]', { hasText: new RegExp(`^${reference.replace('.', '\\.')} `) }).waitFor();
  await dashboard.close();
  return { evidenceId, actionId };
}
