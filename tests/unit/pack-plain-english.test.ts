import { JSDOM } from 'jsdom';
import mammoth from 'mammoth';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay, formatMonth, RAG_MEANINGS, RAG_WORDS } from '../../shared/labels';
import type { PackAction, PackModel } from '../../shared/pack';
import { renderPackCsv } from '../../shared/pack/csv';
import { renderPackDocx } from '../../shared/pack/docx';
import { renderPackHtml } from '../../shared/pack/html/render-html';
import { renderPackQdc } from '../../shared/pack/refi-qda';
import { isoDayFromUkText } from '../../shared/uk-day';
import { fixturePack } from '../lib/pack-exports';

/**
 * The evidence pack speaks the extension's language in every format: "By when" as the plan wrote it
 * (a word kept, a month kept a month), RAG ratings as capitalised words with a key, and dates the UK
 * way ("3 December 2026") on a machine set to a US locale and time zone. The fixture plan
 * (tests/fixtures/plans/ilacs-action-plan.json) says "Ongoing" for 1.2, "June 2020" for 2.2,
 * "Quarterly" for 4.2 and gives 1.3 a day.
 */

// 02:30 in London on 3 December is still 2 December in California: a date that follows the machine shows.
const OPTIONS = { generatedAt: '2026-12-03T02:30:00.000Z', generatedBy: 'Board secretary', staleAfterMonths: 6 };
const US_TIME_ZONE = 'America/Los_Angeles';

const BY_WHEN: Record<string, { words: string | null; shown: string; csv: string }> = {
  '1.2': { words: 'Ongoing', shown: 'Ongoing', csv: 'Ongoing' },
  '2.2': { words: 'June 2020', shown: 'June 2020', csv: 'June 2020' },
  '4.2': { words: 'Quarterly', shown: 'Quarterly', csv: 'Quarterly' },
  '1.3': { words: null, shown: '30 April 2020', csv: '2020-04-30' },
};

let model: PackModel;
let savedTimeZone: string | undefined;
const actionByRef = (ref: string) => model.recommendations.flatMap((r) => r.actions).find((a) => a.reference === ref)!;

beforeAll(async () => {
  savedTimeZone = process.env.TZ;
  process.env.TZ = US_TIME_ZONE;
  model = (await fixturePack(OPTIONS)).model;
});
afterAll(() => {
  if (savedTimeZone === undefined) delete process.env.TZ;
  else process.env.TZ = savedTimeZone;
});

describe('the date words a pack shares with the extension', () => {
  it.each([
    ['2026-07-01T23:30:00Z', '2 July 2026'],
    ['2026-12-03T02:30:00Z', '3 December 2026'],
    ['not a time', 'not a time'],
    [null, ''],
  ])('formatDay(%s) is the UK day "%s"', (iso, text) => expect(formatDay(iso)).toBe(text));

  it.each([
    ['2019-09', false, 'September 2019'],
    ['2019-09', true, 'Sept 2019'],
  ])('formatMonth(%s, short %s) is "%s"', (month, short, text) => expect(formatMonth(month, short)).toBe(text));

  it.each([
    ['3/12/2026', '2026-12-03'],
    ['3 December 2026', '2026-12-03'],
    ['2026-12-03', '2026-12-03'],
    ['  ', ''],
    ['12/31/2026', null],
    ['December 2026', null],
    ['3/12', null],
  ])('a date field reads "%s" as %j', (text, iso) => expect(isoDayFromUkText(text)).toBe(iso));
});

describe('the pack model', () => {
  it.each(Object.entries(BY_WHEN))('keeps action %s\'s "By when" words beside its date', (ref, expected) => {
    expect(actionByRef(ref).dueWords).toBe(expected.words);
  });
});

describe('the HTML pack, opened on a US-set machine', () => {
  let document: Document;
  let window: JSDOM['window'];

  beforeAll(async () => {
    const dom = new JSDOM(await renderPackHtml(model), {
      runScripts: 'dangerously',
      pretendToBeVisual: true,
      beforeParse(w) {
        // jsdom has no User Timing; the pack marks its progress for the benchmark.
        if (typeof w.performance.mark !== 'function') Object.assign(w.performance, { mark: () => undefined });
      },
    });
    window = dom.window;
    document = window.document;
    expect(document.body.getAttribute('data-ready')).toBe('true');
  });

  const factOf = (action: PackAction, term: string) => {
    const section = document.querySelector(`[data-testid="pack-action"][data-action-id="${action.id}"]`)!;
    const row = [...section.querySelectorAll('.facts .fact')].find((f) => f.querySelector('dt')!.textContent === term);
    return row?.querySelector('dd')!.textContent ?? null;
  };

  it('runs where the machine would write dates the US way', () => {
    // The premise: without the pack's own formatting, this machine writes 2/12/2026 for 3 December.
    expect(new Date(OPTIONS.generatedAt).toLocaleDateString()).toBe('12/2/2026');
  });

  it.each(Object.entries(BY_WHEN))('shows action %s "By when" as the plan tab does', (ref, expected) => {
    expect(factOf(actionByRef(ref), 'By when')).toBe(expected.shown);
  });

  it('never invents a day for a month, nor says "No date set" for a word', () => {
    expect(document.body.textContent).not.toContain('No date set');
    expect(factOf(actionByRef('2.2'), 'By when')).not.toContain('30 June');
  });

  it('writes RAG ratings as capitalised words on tags, with a key saying what each means', () => {
    const words = [...document.querySelectorAll('main .tag.rag')].map((t) => t.textContent);
    expect(words.length).toBeGreaterThan(0);
    for (const word of words) expect(Object.values(RAG_WORDS)).toContain(word);
    const key = document.querySelector('[data-testid="pack-rag-key"]')!;
    expect([...key.querySelectorAll('div')].map((d) => `${d.querySelector('dt')!.textContent} ${d.querySelector('dd')!.textContent}`)).toEqual([
      'Red off track', 'Amber at risk', 'Green on track', 'Blue complete',
    ]);
    // Beside an action, read away from the key, the tag carries its meaning.
    expect(factOf(actionByRef('1.3'), 'Delivery RAG')).toBe(`Blue ${RAG_MEANINGS.blue}`);
    expect(factOf(actionByRef('1.3'), 'Impact RAG')).toBe('Not rated');
  });

  it('dates the pack, its clips and links the UK way, in UK time', () => {
    expect(document.querySelector('.generated')!.textContent).toBe('Generated on 3 December 2026 at 02:30 by Board secretary.');
    const metas = [...document.querySelectorAll('.clip-meta')].map((m) => m.textContent!);
    expect(metas.length).toBe(document.querySelectorAll('[data-testid="pack-clip"]').length);
    for (const meta of metas) {
      expect(meta).toMatch(/^Clipped by .+ on \d{1,2} [A-Z][a-z]+ \d{4} · evidence dated \d{1,2} [A-Z][a-z]+ \d{4}/);
      expect(meta).not.toMatch(/\d{1,2}\/\d{1,2}\/\d{2,4}/);
    }
  });

  it('takes filter dates the UK way, day first, whatever the browser would ask for', () => {
    const from = document.querySelector<HTMLInputElement>('[data-testid="pack-filter-date-from"]')!;
    const results = document.querySelector('[data-testid="pack-results"]')!;
    expect(from.type).toBe('text');
    const shownAfter = (text: string) => {
      from.value = text;
      from.dispatchEvent(new window.Event('input', { bubbles: true }));
      return results.textContent;
    };
    const everything = shownAfter('');
    const fromMarch = shownAfter('1/3/2020');
    expect(fromMarch).not.toBe(everything);
    expect(shownAfter('1 March 2020')).toBe(fromMarch);
    expect(shownAfter('2020-03-01')).toBe(fromMarch);
    // 03/13/2020 has no thirteenth month: named as not a date when she leaves the box, and it filters nothing.
    expect(shownAfter('03/13/2020')).toBe(everything);
    from.dispatchEvent(new window.Event('blur'));
    expect(from.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('pack-filter-date-from-error')!.textContent).toContain('day/month/year');
  });
});

describe('the Word pack', () => {
  let text: string;
  beforeAll(async () => {
    const html = (await mammoth.convertToHtml({ buffer: Buffer.from(await renderPackDocx(model)) })).value;
    text = new JSDOM(html).window.document.body.textContent!.replace(/\s+/g, ' ');
  });

  it.each(Object.entries(BY_WHEN))('gives action %s "By when" as the plan wrote it', (_ref, expected) => {
    expect(text).toContain(`By when: ${expected.shown}`);
  });

  it('writes RAG ratings as words, with a key under the summary table and the meaning beside each action', () => {
    expect(text).toContain('RAG key: Red off track · Amber at risk · Green on track · Blue complete');
    expect(text).toContain('RAG: delivery Blue (complete), impact not rated');
    expect(text).not.toMatch(/\b(red|amber|green|blue)\b(?! \()/);
  });

  it('dates the pack the UK way', () => {
    expect(text).toContain('Generated on 3 December 2026 at 02:30 by Board secretary.');
    expect(text).not.toContain('No date set');
  });
});

describe('the CSV pack', () => {
  it('has a "By when" column: the plan\'s words, else the ISO day', () => {
    const rows = Papa.parse<Record<string, string>>(renderPackCsv(model).slice(1), { header: true, skipEmptyLines: true }).data;
    for (const [ref, expected] of Object.entries(BY_WHEN)) {
      const own = rows.filter((r) => r['Action ref'] === ref);
      expect(own.length, `rows for action ${ref}`).toBeGreaterThan(0);
      for (const row of own) expect(row['By when']).toBe(expected.csv);
    }
    for (const row of rows.filter((r) => !r['Action id'])) expect(row['By when']).toBe('');
  });
});

describe('the REFI-QDA codebook', () => {
  it('describes each action with its "By when" as written and its RAG with its meaning', () => {
    const qdc = renderPackQdc(model);
    expect(qdc).toContain('By when: June 2020');
    expect(qdc).toContain('By when: Ongoing');
    expect(qdc).toContain('Delivery RAG: Amber (at risk)');
  });
});
