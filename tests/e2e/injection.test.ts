import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { describeTextRange } from '../../shared/anchoring/describe';
import { emptyPageMetadata } from '../../shared/schema/page-metadata';
import {
  captureClip,
  collectionOf,
  createTag,
  importPlanDocument,
  linkEvidence,
  migrateWorkspaceDoc,
  setEvidenceNote,
  tagEvidence,
} from '../../shared/workspace';
import { HOSTILE_STRINGS, HOSTILE_URLS, PWNED } from '../lib/hostile-strings';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';
import { showTab } from './lib/dashboard';
import { tabIdOf, type EvidentBrowser } from './lib/extension';
import type { FixtureServer } from './lib/fixture-server';
import { closeSeeded, launchSeeded } from './lib/seed-workspace';

const PAGE_URL = 'http://democracy.westsussex.gov.uk/documents/s12345/wsx-cyps-select-2019-05-15-ofsted-inspection.html';

let server: FixtureServer;
let evident: EvidentBrowser;
const dialogs: string[] = [];

/**
 * A workspace as a hostile teammate (or a hostile page) could leave it: every hostile string as a
 * clip's quote, note and tag, in the plan's recommendations and actions, in a source's title; and
 * sources whose address is a script or data URL, written straight into the doc as a modified client
 * could. The clips' page is a real fixture page, so the side panel lists them too.
 */
function hostileWorkspace(): Uint8Array {
  const ctx = deterministicContext(createRandom(9), 'mallory');
  const doc = new Y.Doc();
  migrateWorkspaceDoc(doc, 'local');
  const plan = importPlanDocument(doc, ctx, {
    name: HOSTILE_STRINGS[0]!,
    recommendations: HOSTILE_STRINGS.slice(0, 6).map((text, r) => ({
      reference: String(r + 1), text, ofstedParagraph: null,
      actions: [{ reference: `${r + 1}.1`, title: HOSTILE_STRINGS[(r + 6) % HOSTILE_STRINGS.length]!, description: HOSTILE_STRINGS[(r + 12) % HOSTILE_STRINGS.length]!,
        lead: HOSTILE_STRINGS[(r + 18) % HOSTILE_STRINGS.length]!, dueDate: null, deliveryRag: 'red', impactRag: null, successMeasures: HOSTILE_STRINGS[r]!, progress: HOSTILE_STRINGS[r + 1]!, status: 'in_progress', extra: {} }],
    })),
  });
  if (!plan.ok) throw new Error(JSON.stringify(plan.error));
  HOSTILE_STRINGS.forEach((text, i) => {
    const quote = `${text} ${i}`; // distinct, so none is taken for a duplicate
    const saved = captureClip(doc, ctx, {
      source: {
        kind: 'web', url: i % 4 === 0 ? `${PAGE_URL}?v=${i}` : PAGE_URL, canonicalUrl: null, pageTitle: text.slice(0, 1000),
        metadata: { ...emptyPageMetadata(), document_type: 'committee_report', title: text, publisher: text, subject_local_authority: text },
      },
      evidence: { anchor: { ...describeTextRange(quote, 0, quote.length), paragraph: text.slice(0, 20) }, contextBefore: text, contextAfter: text },
    });
    if (!saved.ok) throw new Error(saved.error);
    setEvidenceNote(doc, ctx, saved.value.evidenceId, text);
    const tag = createTag(doc, ctx, { name: `${text.slice(0, 70)} ${i}` });
    if (tag.ok) tagEvidence(doc, ctx, saved.value.evidenceId, tag.value);
    linkEvidence(doc, ctx, saved.value.evidenceId, plan.value.actionIds[i % plan.value.actionIds.length]!, 'impact');
  });
  // A modified client writes script URLs as the addresses of some sources.
  const sources = [...collectionOf(doc, 'sources').values()];
  HOSTILE_URLS.forEach((url, i) => sources[i % sources.length]!.set('url', url));
  return Y.encodeStateAsUpdate(doc);
}

/** What a successful injection would leave behind, on one page. */
async function traces(page: Page): Promise<{ ran: unknown; injected: number; unsafeLinks: string[] }> {
  return page.evaluate((canary) => ({
    ran: (window as unknown as Record<string, unknown>)[canary] ?? null,
    injected: document.querySelectorAll('[data-pwned], img[src="x"], iframe[src^="javascript"]').length,
    unsafeLinks: [...document.querySelectorAll<HTMLAnchorElement>('a[href]')]
      .map((a) => a.href)
      .filter((href) => !/^(https?:|chrome-extension:|#)/.test(href) && !href.startsWith(location.href.split('#')[0]!)),
  }), PWNED);
}

describe('hostile text in the workspace stays text in the dashboard and the side panel', () => {
  beforeAll(async () => {
    ({ server, evident } = await launchSeeded(hostileWorkspace(), {
      beforeSeed: (browser) => {
        browser.context.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
        browser.context.on('page', (p) => p.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); }));
      },
    }));
  });
  afterAll(() => closeSeeded({ evident, server }));

  it('shows every hostile string as text in every tab of the dashboard and in each clip\'s detail, running nothing', async () => {
    const dashboard = await evident.extensionPage('/dashboard.html');
    await expect.poll(() => dashboard.locator('[data-testid="evidence-item"]').count(), { timeout: 20_000 }).toBe(HOSTILE_STRINGS.length);
    const shown = (await dashboard.locator('[data-testid="evidence-quote"]').allTextContents()).join('\n');
    for (const text of HOSTILE_STRINGS.slice(0, 30)) expect(shown).toContain(text.replace(/\s+/g, ' ').trim().slice(0, 20));
    for (const item of (await dashboard.locator('[data-testid="evidence-item"]').all()).slice(0, 12)) {
      await item.click();
      await dashboard.locator('[data-testid="evidence-detail"]').waitFor();
      expect(await traces(dashboard)).toEqual({ ran: null, injected: 0, unsafeLinks: [] });
    }
    for (const tab of ['plan', 'coverage', 'tags', 'activity', 'evidence'] as const) {
      await showTab(dashboard, tab);
      expect(await traces(dashboard), tab).toEqual({ ran: null, injected: 0, unsafeLinks: [] });
    }
    expect(dialogs).toEqual([]);
    await dashboard.close();
  });

  it('never opens a script address: "Open in context" on such a clip says why and opens nothing', async () => {
    const dashboard = await evident.extensionPage('/dashboard.html');
    await expect.poll(() => dashboard.locator('[data-testid="evidence-item"]').count(), { timeout: 20_000 }).toBe(HOSTILE_STRINGS.length);
    let opened = 0;
    let scriptAddresses = 0;
    evident.context.on('page', () => opened++);
    for (const item of await dashboard.locator('[data-testid="evidence-item"]').all()) {
      await item.click();
      const address = dashboard.locator('[data-testid="evidence-detail"] [data-testid="unsafe-address"]');
      if ((await address.count()) === 0) continue;
      scriptAddresses++;
      await address.click(); // text, not a link: nothing happens
      await dashboard.locator('[data-testid="open-in-context"]').click();
      await expect.poll(() => dashboard.locator('[data-testid="evidence-detail"]').textContent()).toMatch(/not a web address/);
    }
    expect(scriptAddresses).toBeGreaterThanOrEqual(HOSTILE_URLS.length);
    expect(opened).toBe(0);
    expect(await traces(dashboard)).toEqual({ ran: null, injected: 0, unsafeLinks: [] });
    await dashboard.close();
  });

  it('lists the page\'s hostile clips as text in the side panel, with a hostile teammate\'s presence as text too', async () => {
    const page = await evident.context.newPage();
    await page.goto(PAGE_URL);
    const panel = await evident.extensionPage(`/sidepanel.html?tab=${await tabIdOf(evident, PAGE_URL)}`);
    await expect.poll(() => panel.locator('[data-testid="sidepanel-clip"]').count(), { timeout: 10_000 }).toBeGreaterThan(10);
    // What the background would write from a hostile teammate's awareness state.
    await panel.evaluate(async (strings) => {
      await chrome.storage.session.set({
        presence: { local: strings.map((s, i) => ({ clientId: 1000 + i, name: s, colour: '#505a5f', page: { url: s.startsWith(' ') ? s : `javascript:alert(${i})`, title: s } })) },
      });
    }, HOSTILE_STRINGS.slice(0, 12));
    await expect.poll(() => panel.locator('[data-testid="presence-person"]').count()).toBe(12);
    expect(await traces(panel)).toEqual({ ran: null, injected: 0, unsafeLinks: [] });
    expect(await traces(page)).toEqual({ ran: null, injected: 0, unsafeLinks: expect.any(Array) });
    expect(dialogs).toEqual([]);
    await Promise.all([panel.close(), page.close()]);
  });
});
