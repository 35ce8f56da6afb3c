import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { describeTextRange } from '../../shared/anchoring/describe';
import { evidenceDateOf } from '../../shared/coverage/evidence-date';
import { buildPackModel, citationOf, EVERYTHING, packWorkspaceFromDoc } from '../../shared/pack';
import { renderPackHtml } from '../../shared/pack/html/render-html';
import type { PlanDocument } from '../../shared/plan-io/types';
import { emptyPageMetadata } from '../../shared/schema/page-metadata';
import {
  captureClip,
  createTag,
  importPlanDocument,
  linkEvidence,
  migrateWorkspaceDoc,
  project,
  setEvidenceNote,
  setEvidenceStatus,
  tagEvidence,
  type EvidenceRow,
  type Projection,
} from '../../shared/workspace';
import { HOSTILE_STRINGS, HOSTILE_URLS, PWNED } from '../lib/hostile-strings';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../lib/pack-fixture';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';
import { launchChromium, openPackHtml, type OpenedPack } from './lib/pack-browser';

/**
 * The HTML evidence pack as a reviewer meets it: a file opened from file:// in plain Chromium, with
 * no network (every request is refused and recorded) and no extension. Expected figures come from the
 * workspace's projection, never from the model the page was rendered from.
 */

const OPTIONS = { generatedAt: '2026-12-03T10:00:00.000Z', generatedBy: 'Board secretary', staleAfterMonths: 6 };
const PDFTOTEXT = '/usr/bin/pdftotext';
const ASSESSMENT_KEYS = ['impact', 'delivery', 'concern', 'context', 'unassessed'] as const;

/** Whitespace (and PDF ligatures) aside, the same text. */
const normal = (text: string) => text.normalize('NFKC').replace(/\s+/g, ' ').trim();
/** For printed text: a line may also break after a hyphen, dash or slash, which adds a space there. */
const printed = (text: string) => normal(text).replace(/([-\u2010-\u2015/]) /g, '$1');

let browser: Browser;
let fixture: FixtureWorkspace;
let rows: Projection;
let html: string;
let pack: OpenedPack;

beforeAll(async () => {
  browser = await launchChromium();
  fixture = await buildFixtureWorkspace(deterministicContext(createRandom(1)));
  rows = project(fixture.doc);
  const model = await buildPackModel(packWorkspaceFromDoc(fixture.doc, fixture.workspaceId), EVERYTHING, OPTIONS);
  html = await renderPackHtml(model);
  pack = await openPackHtml(browser, html);
});

afterAll(async () => {
  await pack?.close();
  await browser?.close();
});

/** What the projection says the pack must show: the plan's actions and the live clips linked to each. */
function expectedPlan() {
  const live = rows.evidence.filter((e) => !e.deleted);
  const recommendations = rows.recommendations.filter((r) => r.planId === fixture.planId && !r.archived);
  const actions = rows.actions.filter((a) => a.planId === fixture.planId && !a.archived);
  const linksTo = (actionId: string) =>
    live.flatMap((e) => e.links.filter((l) => l.actionId === actionId).map((l) => ({ clip: e, assessment: l.assessment ?? 'unassessed' })));
  const countsOf = (links: Array<{ clip: EvidenceRow; assessment: string }>) =>
    Object.fromEntries(ASSESSMENT_KEYS.map((k) => [k, new Set(links.filter((l) => l.assessment === k).map((l) => l.clip.id)).size]));
  const planActionIds = new Set(actions.map((a) => a.id));
  const unlinked = live.filter((e) => !e.links.some((l) => planActionIds.has(l.actionId)));
  return {
    recommendations: recommendations.map((r) => {
      const own = actions.filter((a) => a.recommendationId === r.id);
      const links = own.flatMap((a) => linksTo(a.id));
      return {
        id: r.id,
        count: new Set(links.map((l) => l.clip.id)).size,
        counts: countsOf(links),
        actions: own.map((a) => ({ id: a.id, links: linksTo(a.id), count: new Set(linksTo(a.id).map((l) => l.clip.id)).size, counts: countsOf(linksTo(a.id)) })),
      };
    }),
    entries: actions.flatMap((a) => linksTo(a.id).map((l) => ({ clip: l.clip, actionId: a.id, assessment: l.assessment }))),
    unlinked,
  };
}

/** The clip elements a reader can see, as "clip id|action id" ("|unlinked" after the plan). */
const visibleEntries = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="pack-clip"]')]
      .filter((e) => e.checkVisibility())
      .map((e) => `${e.dataset.evidenceId}|${e.closest<HTMLElement>('[data-testid="pack-action"]')?.dataset.actionId ?? 'unlinked'}`)
      .sort(),
  );

function entriesWhere(test: (clip: EvidenceRow, assessment: string | null) => boolean): string[] {
  const plan = expectedPlan();
  return [
    ...plan.entries.filter((e) => test(e.clip, e.assessment)).map((e) => `${e.clip.id}|${e.actionId}`),
    ...plan.unlinked.filter((c) => test(c, null)).map((c) => `${c.id}|unlinked`),
  ].sort();
}

const sourceOf = (clip: EvidenceRow) => rows.sources.find((s) => s.id === clip.sourceId)!;

describe('an HTML pack opened from file://, offline', () => {
  it('shows every recommendation and action of the plan with the workspace\'s counts, by assessment', async () => {
    const plan = expectedPlan();
    const page = pack.page;
    const shown = await page.evaluate(() => ({
      recommendations: [...document.querySelectorAll<HTMLElement>('[data-testid="pack-recommendation"]')].map((r) => ({
        id: r.dataset.recommendationId,
        counts: Object.fromEntries([...r.querySelectorAll<HTMLElement>(':scope > [data-testid="pack-counts"] [data-assessment]')].map((c) => [c.dataset.assessment, Number(c.dataset.count)])),
        actions: [...r.querySelectorAll<HTMLElement>('[data-testid="pack-action"]')].map((a) => ({
          id: a.dataset.actionId,
          count: Number(a.dataset.evidenceCount),
          clips: a.querySelectorAll('[data-testid="pack-clip"]').length,
          quotes: a.querySelectorAll('[data-testid="pack-clip"] [data-testid="pack-quote"]').length,
          counts: Object.fromEntries([...a.querySelectorAll<HTMLElement>(':scope > [data-testid="pack-counts"] [data-assessment]')].map((c) => [c.dataset.assessment, Number(c.dataset.count)])),
        })),
      })),
      summary: Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('#summary > [data-testid="pack-counts"] [data-assessment]')].map((c) => [c.dataset.assessment, Number(c.dataset.count)]),
      ),
    }));
    expect(shown.recommendations.map((r) => r.id)).toEqual(plan.recommendations.map((r) => r.id));
    for (const [i, rec] of plan.recommendations.entries()) {
      const page_ = shown.recommendations[i]!;
      expect(page_.counts, `recommendation ${rec.id}`).toEqual(rec.counts);
      expect(page_.actions.map((a) => a.id)).toEqual(rec.actions.map((a) => a.id));
      for (const [j, action] of rec.actions.entries()) {
        const a = page_.actions[j]!;
        expect(a.count, `action ${action.id}`).toBe(action.count);
        expect(a.clips).toBe(action.count);
        expect(a.quotes).toBe(action.count);
        expect(a.counts, `action ${action.id}`).toEqual(action.counts);
      }
    }
    const linked = new Set(plan.entries.map((e) => e.clip.id));
    const planCounts = Object.fromEntries(
      ASSESSMENT_KEYS.map((k) => [k, new Set(plan.entries.filter((e) => e.assessment === k).map((e) => e.clip.id)).size]),
    );
    expect(shown.summary).toEqual(planCounts);
    expect(linked.size).toBeGreaterThan(0);
    // Every live clip is in the pack once per action it evidences, or after the plan.
    expect(await visibleEntries(page)).toEqual(entriesWhere(() => true));
  });

  it('finds a clip by a word of its quote, hides the others, says how many, and shows all again when cleared', async () => {
    const page = pack.page;
    const plan = expectedPlan();
    const texts = (c: EvidenceRow) =>
      [c.quote, c.note, citationOf(c, sourceOf(c)), sourceOf(c).title, sourceOf(c).council, sourceOf(c).metadata.publisher, ...c.tagIds.map((t) => rows.tags.find((x) => x.id === t)?.name)]
        .join(' ')
        .toLowerCase();
    // A word of one linked clip's quote that no other clip's text holds.
    const target = plan.entries
      .map((e) => e.clip)
      .flatMap((clip) => (clip.quote.match(/[A-Za-z]{6,}/g) ?? []).map((word) => ({ clip, word: word.toLowerCase() })))
      .find(({ clip, word }) => rows.evidence.every((other) => other.id === clip.id || !texts(other).includes(word)) && !JSON.stringify(rows.tags).toLowerCase().includes(word));
    expect(target, 'a word only one clip holds').toBeDefined();
    const { clip, word } = target!;

    await page.locator('[data-testid="pack-search"]').focus();
    await page.keyboard.type(word.toUpperCase(), { delay: 5 });
    expect(await visibleEntries(page)).toEqual(entriesWhere((c) => c.id === clip.id));
    await expect.poll(() => page.locator('[data-testid="pack-results"]').textContent()).toMatch(/^Showing 1 of \d+ clips/);
    expect(await page.locator('[data-testid="pack-results"]').getAttribute('role')).toBe('status');
    // Actions with nothing to show step aside while searching.
    const shownActions = await page.locator('[data-testid="pack-action"]:visible').count();
    expect(shownActions).toBe(new Set(plan.entries.filter((e) => e.clip.id === clip.id).map((e) => e.actionId)).size);

    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    expect(await visibleEntries(page)).toEqual(entriesWhere(() => true));
    expect(await page.locator('[data-testid="pack-results"]').textContent()).toMatch(/^Showing all \d+ clips/);
  });

  it('filters by assessment, status, tag, publisher, document and date, each on its own', async () => {
    const page = pack.page;
    const pdf = rows.sources.find((s) => s.kind === 'pdf')!;
    const tag = rows.tags.find((t) => t.name === 'Care leavers')!;
    const cases: Array<{ name: string; set: () => Promise<unknown>; expected: string[] }> = [
      { name: 'assessment', set: () => page.selectOption('[data-testid="pack-filter-assessment"]', 'impact'), expected: entriesWhere((_, a) => a === 'impact') },
      { name: 'assessment (not assessed)', set: () => page.selectOption('[data-testid="pack-filter-assessment"]', 'unassessed'), expected: entriesWhere((_, a) => a === 'unassessed') },
      { name: 'status', set: () => page.selectOption('[data-testid="pack-filter-status"]', 'approved'), expected: entriesWhere((c) => c.status === 'approved') },
      { name: 'tag', set: () => page.selectOption('[data-testid="pack-filter-tag"]', tag.id), expected: entriesWhere((c) => c.tagIds.includes(tag.id)) },
      {
        name: 'publisher',
        set: () => page.selectOption('[data-testid="pack-filter-publisher"]', 'West Sussex County Council'),
        expected: entriesWhere((c) => (sourceOf(c).council ?? sourceOf(c).metadata.publisher) === 'West Sussex County Council'),
      },
      { name: 'document', set: () => page.selectOption('[data-testid="pack-filter-source"]', pdf.id), expected: entriesWhere((c) => c.sourceId === pdf.id) },
      { name: 'date from', set: () => page.fill('[data-testid="pack-filter-date-from"]', '2020-01-01'), expected: entriesWhere((c) => evidenceDateOf(c) >= '2020-01-01') },
      { name: 'date to', set: () => page.fill('[data-testid="pack-filter-date-to"]', '2019-06-30'), expected: entriesWhere((c) => evidenceDateOf(c) <= '2019-06-30') },
    ];
    const all = entriesWhere(() => true);
    for (const c of cases) {
      expect(c.expected.length, `${c.name} narrows to something`).toBeGreaterThan(0);
      expect(c.expected.length, `${c.name} narrows`).toBeLessThan(all.length);
      await c.set();
      expect(await visibleEntries(page), c.name).toEqual(c.expected);
      await page.click('[data-testid="pack-filter-clear"]');
      expect(await visibleEntries(page), `${c.name} cleared`).toEqual(all);
    }
  });

  it.each(['web', 'pdf'] as const)('opens a %s clip in its source, the passage marked and in view; Escape closes it and focus returns', async (kind) => {
    const page = pack.page;
    const entry = expectedPlan().entries.find((e) => sourceOf(e.clip).kind === kind)!;
    const clip = page.locator(`[data-testid="pack-action"][data-action-id="${entry.actionId}"] [data-testid="pack-clip"][data-evidence-id="${entry.clip.id}"]`);
    const button = clip.locator('[data-testid="pack-show-in-source"]');
    await button.scrollIntoViewIfNeeded();
    await button.press('Enter');
    const context = page.locator('[data-testid="pack-source-context"]');
    await expect.poll(() => context.isVisible()).toBe(true);
    const highlight = context.locator('[data-testid="pack-context-highlight"]');
    expect(normal((await highlight.textContent())!)).toBe(normal(entry.clip.quote));
    await expect.poll(() => highlight.evaluate((mark) => {
      const box = mark.getBoundingClientRect();
      const region = mark.closest('[data-testid="pack-context-text"]')!.getBoundingClientRect();
      return box.top >= region.top && box.bottom <= region.bottom && box.bottom <= innerHeight;
    })).toBe(true);
    expect(await context.textContent()).toContain(sourceOf(entry.clip).sha256!);
    expect(await context.textContent()).toMatch(/To check it/);
    // More of the kept text on request, the passage still marked.
    const more = context.locator('[data-testid="pack-context-more-after"]');
    if (await more.isVisible()) {
      const before = (await context.locator('[data-testid="pack-context-text"]').textContent())!.length;
      await more.click();
      expect((await context.locator('[data-testid="pack-context-text"]').textContent())!.length).toBeGreaterThan(before);
      expect(normal((await highlight.textContent())!)).toBe(normal(entry.clip.quote));
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => context.isVisible()).toBe(false);
    expect(await button.evaluate((b) => b === document.activeElement)).toBe(true);
  });

  it('prints every clip whatever is filtered on screen, each quote whole on one page, links with their address, no reading tools', async () => {
    if (!existsSync(PDFTOTEXT)) throw new Error(`pdftotext not found at ${PDFTOTEXT} (apt-get install poppler-utils)`);
    const page = pack.page;
    await page.fill('[data-testid="pack-search"]', 'zzzz-no-such-word');
    await expect.poll(() => page.locator('[data-testid="pack-results"]').textContent()).toMatch(/^No clips match/);
    expect(await visibleEntries(page)).toEqual([]);
    const dir = mkdtempSync(path.join(tmpdir(), 'evident-pack-print-'));
    try {
      const pdfFile = path.join(dir, 'pack.pdf');
      writeFileSync(pdfFile, await page.pdf({ format: 'A4', printBackground: true }));
      const pages = execFileSync(PDFTOTEXT, ['-layout', pdfFile, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\f').map(printed);
      expect(pages.length).toBeGreaterThan(3);
      const live = rows.evidence.filter((e) => !e.deleted);
      for (const clip of live) {
        const quote = printed(clip.quote);
        // A quote cut across pages would be whole on none of them.
        expect(pages.some((p) => p.includes(quote)), `quote of ${clip.id} whole on one page: ${quote}`).toBe(true);
      }
      const joined = pages.join(' ').replace(/\s+/g, '');
      for (const source of rows.sources) expect(joined, `address of ${source.id}`).toContain(source.url.replace(/\s+/g, ''));
      for (const tool of ['Search the evidence', 'Clear search and filters', 'Read the text kept', 'Show more after']) {
        expect(joined).not.toContain(tool.replace(/\s+/g, ''));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await page.fill('[data-testid="pack-search"]', '');
    }
  });

  it('made no request beyond the file and broke no rule of its own CSP', async () => {
    expect(pack.requests).toEqual([]);
    expect(await pack.cspViolations()).toEqual([]);
    expect(pack.dialogs).toEqual([]);
    const hrefs = await pack.page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!));
    expect(hrefs.filter((h) => !/^(https?:\/\/|#)/.test(h))).toEqual([]);
  });
});

describe('a pack made from hostile text', () => {
  let hostile: OpenedPack;
  const placed = { quotes: [] as string[], notes: [] as string[], tags: [] as string[], recommendations: [] as string[], actions: [] as string[], titles: [] as string[] };

  beforeAll(async () => {
    const doc = hostileWorkspace(placed);
    const model = await buildPackModel(packWorkspaceFromDoc(doc, 'hostile'), EVERYTHING, { ...OPTIONS, generatedBy: HOSTILE_STRINGS[0]! });
    hostile = await openPackHtml(browser, await renderPackHtml(model));
  });
  afterAll(async () => {
    await hostile?.close();
  });

  it('runs none of it, makes no element of it and links nowhere it says', async () => {
    const page = hostile.page;
    // Open every clip in its source too: the kept text is hostile as well.
    const buttons = page.locator('[data-testid="pack-clip"] [data-testid="pack-show-in-source"]');
    expect(await buttons.count()).toBe(placed.quotes.length); // every clip is there, each under its action
    for (let i = 0; i < 5; i++) {
      await buttons.nth(i).click();
      await page.keyboard.press('Escape');
    }
    const state = await page.evaluate((pwned) => ({
      pwned: (window as unknown as Record<string, unknown>)[pwned] ?? null,
      marked: document.querySelectorAll('[data-pwned]').length,
      hrefs: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!),
      foreign: document.querySelectorAll('main script, main style, main img, main iframe, main object, main embed, main svg:not(.timeline-chart), main form, main base, main meta').length,
      title: document.title,
    }), PWNED);
    expect(state.pwned).toBeNull();
    expect(state.marked).toBe(0);
    expect(state.foreign).toBe(0);
    expect(state.hrefs.filter((h) => !/^(https?:\/\/|#)/.test(h))).toEqual([]);
    expect(state.title).toBe(`Evidence pack: ${HOSTILE_STRINGS[0]!.trim()}`);
    expect(hostile.dialogs).toEqual([]);
    expect(hostile.requests).toEqual([]);
    expect(await hostile.cspViolations()).toEqual([]);
  });

  it('shows every hostile string as text where it was put', async () => {
    const page = hostile.page;
    const texts = await page.evaluate(() => {
      const all = (selector: string) => [...document.querySelectorAll(selector)].map((e) => e.textContent ?? '');
      return {
        quotes: all('[data-testid="pack-quote"]'),
        notes: all('.note'),
        tags: all('.clip-tags'),
        recommendations: all('[data-testid="pack-recommendation"] > h2'),
        actions: all('[data-testid="pack-action"] > h3, [data-testid="pack-action"] .description'),
        titles: all('[data-testid="pack-source"] > h3'),
      };
    });
    for (const [field, strings] of Object.entries(placed)) {
      const shown = texts[field as keyof typeof texts].join('\n');
      for (const s of strings) expect(shown, `${field}: ${JSON.stringify(s)}`).toContain(s);
    }
  });
});

/**
 * A workspace where every field a page, a teammate or an imported plan can fill holds hostile text:
 * quotes (and the kept text around them), notes, tag names, recommendation text, action titles and
 * descriptions, source titles and publishers, and source addresses that are script URLs.
 */
function hostileWorkspace(placed: Record<'quotes' | 'notes' | 'tags' | 'recommendations' | 'actions' | 'titles', string[]>): Y.Doc {
  const ctx = deterministicContext(createRandom(7), 'mallory');
  const doc = new Y.Doc();
  migrateWorkspaceDoc(doc, 'hostile');
  const s = (i: number) => HOSTILE_STRINGS[i % HOSTILE_STRINGS.length]!;
  const plan: PlanDocument = {
    name: s(0),
    recommendations: [0, 1, 2, 3].map((r) => ({
      reference: s(r + 10),
      text: s(r + 1),
      ofstedParagraph: s(r + 20),
      actions: [0, 1, 2].map((a) => ({
        reference: String(a + 1),
        title: s(r * 3 + a + 5),
        description: s(r * 3 + a + 6),
        lead: s(r * 3 + a + 7),
        dueDate: null,
        deliveryRag: 'red',
        impactRag: null,
        successMeasures: s(r * 3 + a + 8),
        progress: s(r * 3 + a + 9),
        status: 'in_progress',
        extra: {},
      })),
    })),
  } as PlanDocument;
  const imported = importPlanDocument(doc, ctx, plan);
  if (!imported.ok) throw new Error(`hostile plan: ${imported.error}`);
  placed.recommendations.push(...plan.recommendations.map((r) => r.text));
  placed.actions.push(...plan.recommendations.flatMap((r) => r.actions.flatMap((a) => [a.title, a.description])));

  // Tag names are at most 80 characters (shared/schema/tag.ts): longer ones are cut to fit.
  const tagNames = HOSTILE_STRINGS.map((name) => name.slice(0, 80));
  const tagIds = tagNames.map((name) => createTag(doc, ctx, { name })).flatMap((t) => (t.ok ? [t.value] : []));
  expect(tagIds.length).toBe(HOSTILE_STRINGS.length);
  placed.tags.push(...tagNames.map((t) => t.trim()));

  // The kept text of each page holds the hostile strings, so quotes anchor in it.
  const text = HOSTILE_STRINGS.join('\n\n');
  HOSTILE_STRINGS.forEach((quote, i) => {
    const start = text.indexOf(quote);
    // One source per clip: script URLs first, then ordinary addresses.
    const url = HOSTILE_URLS[i] ?? `https://example.org/report/${i}`;
    const metadata = { ...emptyPageMetadata(), title: s(i + 3), publisher: s(i + 4), committee: s(i + 5) };
    const saved = captureClip(doc, ctx, {
      source: { kind: 'web', url, canonicalUrl: null, pageTitle: s(i + 3), metadata },
      evidence: { anchor: { ...describeTextRange(text, start, start + quote.length), paragraph: s(i + 6).slice(0, 20) }, contextBefore: s(i + 7), contextAfter: s(i + 8) },
      snapshot: { kind: 'web', text, pageStarts: null, sha256: 'f'.repeat(64) },
    });
    if (!saved.ok) throw new Error(`hostile clip ${i}: ${saved.error}`);
    const id = saved.value.evidenceId;
    placed.quotes.push(quote);
    placed.titles.push(s(i + 3));
    must(setEvidenceNote(doc, ctx, id, s(i + 1)));
    placed.notes.push(s(i + 1));
    must(tagEvidence(doc, ctx, id, tagIds[i]!));
    must(linkEvidence(doc, ctx, id, imported.value.actionIds[i % imported.value.actionIds.length]!, 'impact'));
    if (i % 2) must(setEvidenceStatus(doc, ctx, id, 'approved'));
  });
  return doc;
}

function must(result: { ok: boolean; error?: unknown }): void {
  if (!result.ok) throw new Error(String(result.error));
}

describe('a pack that cannot show every passage in its source', () => {
  let opened: OpenedPack;
  const quotes = {
    before: 'Managers now review every care leaver pathway plan within four weeks of it being written.',
    moved: 'The service has recruited eleven permanent social workers since the last monitoring visit.',
    altered: 'Audits found that the voice of the child is recorded in nine out of ten assessments.',
  };

  beforeAll(async () => {
    // No plan: every clip comes after it. One source clipped before Evident kept sources, one whose
    // kept text no longer holds the passage, one whose kept text does not match its SHA-256.
    const ctx = deterministicContext(createRandom(3), 'ann');
    const doc = new Y.Doc();
    migrateWorkspaceDoc(doc, 'gaps');
    const source = (n: number) => ({ kind: 'web' as const, url: `https://example.org/paper/${n}`, canonicalUrl: null, pageTitle: `Paper ${n}`, metadata: emptyPageMetadata() });
    const anchor = (text: string, quote: string) => ({ ...describeTextRange(text, text.indexOf(quote), text.indexOf(quote) + quote.length), paragraph: null });
    const clip = (n: number, quote: string, snapshot?: { text: string; sha256: string }) => {
      const text = `Paragraph one. ${quote} Paragraph three.`;
      must(captureClip(doc, ctx, {
        source: source(n),
        evidence: { anchor: anchor(text, quote), contextBefore: '', contextAfter: '' },
        ...(snapshot ? { snapshot: { kind: 'web' as const, pageStarts: null, ...snapshot } } : {}),
      }));
    };
    clip(1, quotes.before);
    const other = 'A page that says something else entirely now. '.repeat(20);
    clip(2, quotes.moved, { text: other, sha256: createHash('sha256').update(other).digest('hex') });
    const text3 = `Paragraph one. ${quotes.altered} Paragraph three.`;
    clip(3, quotes.altered, { text: text3, sha256: '0'.repeat(64) });
    const model = await buildPackModel(packWorkspaceFromDoc(doc, 'gaps'), EVERYTHING, OPTIONS);
    opened = await openPackHtml(browser, await renderPackHtml(model));
  });
  afterAll(async () => {
    await opened?.close();
  });

  it.each([
    ['before', /No snapshot of this source was kept: it was clipped before Evident kept sources/],
    ['moved', /The passage was not found in the text kept of this source/],
  ] as const)('says why a clip (%s) cannot be shown in context', async (which, reason) => {
    const page = opened.page;
    const clip = page.locator('[data-testid="pack-clip"][data-unlinked]').filter({ hasText: quotes[which] });
    await clip.locator('[data-testid="pack-show-in-source"]').click();
    const context = page.locator('[data-testid="pack-source-context"]');
    expect(await context.locator('[data-testid="pack-context-missing"]').textContent()).toMatch(reason);
    expect(await context.locator('[data-testid="pack-context-highlight"]').count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('lists each source with what Evident kept of it, and warns when the kept text does not match its SHA-256', async () => {
    const sources = await opened.page.locator('[data-testid="pack-source"]').allTextContents();
    expect(sources).toHaveLength(3);
    expect(sources.filter((t) => /No snapshot of this source was kept: it was clipped before Evident kept sources\./.test(t))).toHaveLength(1);
    expect(sources.filter((t) => /Snapshot kept on /.test(t))).toHaveLength(2);
    expect(await opened.page.locator('[data-testid="pack-snapshot-altered"]').count()).toBe(1);
    const altered = opened.page.locator('[data-testid="pack-clip"][data-unlinked]').filter({ hasText: quotes.altered });
    await altered.locator('[data-testid="pack-show-in-source"]').click();
    expect(await opened.page.locator('[data-testid="pack-source-context"]').textContent()).toMatch(/no longer matches the SHA-256/);
    expect(normal((await opened.page.locator('[data-testid="pack-context-highlight"]').textContent())!)).toBe(quotes.altered);
    await opened.page.keyboard.press('Escape');
    expect(await opened.page.locator('[data-testid="pack-recommendation"]').count()).toBe(0);
    expect(opened.requests).toEqual([]);
  });
});

describe('accessibility (axe-core)', () => {
  it('finds no serious or critical violation, with the source-in-context view closed and open', async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    // The pack's CSP would refuse axe's script: this context lets the test inject it (and only it).
    const opened = await openPackHtml(browser, html, { bypassCSP: true });
    try {
      const page = opened.page;
      await page.addScriptTag({ content: axeSource });
      const audit = () =>
        page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
          const result = await axe.run(document, { resultTypes: ['violations'] });
          return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, first: v.nodes[0]?.target.join(' ') }));
        });
      const closed = await audit();
      await page.locator('[data-testid="pack-clip"] [data-testid="pack-show-in-source"]').first().click();
      await page.locator('[data-testid="pack-context-highlight"]').waitFor(); // the view is open, the passage marked
      const open = await audit();
      for (const [state, violations] of [['closed', closed], ['open', open]] as const) {
        const minor = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
        if (minor.length) console.log(`axe (context view ${state}), moderate and minor:`, minor);
        expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), `context view ${state}`).toEqual([]);
      }
    } finally {
      await opened.close();
    }
  });
});
