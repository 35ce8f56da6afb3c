import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, test } from 'vitest';
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import {
  anchorAll,
  anchorToRange,
  CONTEXT_LENGTH,
  describeRange,
  describeTextRange,
  findParagraphNumber,
  leadingParagraphNumber,
  matchQuote,
  matchQuotes,
  normalizeWhitespace,
  prepareText,
  rangeFromOffsets,
  textOf,
  type ClipAnchor,
} from '../../shared/anchoring';
import { isWhitespaceCode } from '../../shared/anchoring/text-index';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');
const WSX = 'wsx-cyps-select-2019-05-15-ofsted-inspection.html';
const ST_HELENS = 'ofsted-ilacs-st-helens-2019-text.html';
const MODERN_GOV = 'moderngov-herefordshire-cabinet-2022-12-15-issue-improvement-action-plan.html';

// Paragraphs 1 and 2 of the St Helens ILACS report (tests/fixtures/ofsted-ilacs-st-helens-2019-text.html).
const P1 =
  'No children were found to be left at risk of immediate harm during the inspection. However, children and ' +
  'families are not yet receiving a consistently good service. There is effective and timely decision-making at ' +
  'the front door. However, there is drift and delay in progressing plans within the duty and assessment teams, ' +
  'which impacts on the quality of work provided to vulnerable families in need of support.';
const P2 =
  'The arrangements in the MASH are well embedded, partners are well represented and thresholds are now more ' +
  'consistently applied. This results in referrals being progressed in a timely way, with clear management ' +
  'oversight regarding next steps and consideration of historical factors. Consent is appropriately sought and recorded.';
const PAGE = `${P1}\n\n${P2}`;
const REPEATED = 'Social workers know their children well.';

interface TextCase {
  name: string;
  /** The page when the clip was made, and the clipped passage (its first occurrence, or `occurrence`). */
  page: string;
  clip: string;
  occurrence?: number;
  /** The page on the later visit. */
  revisited: string;
  /** What the match should cover on the revisited page (its `occurrence`-th instance), or null for "not found". */
  expected: string | null;
  expectedOccurrence?: number;
  exact?: boolean;
  /** Position hint to pass instead of the clip's own start ("where" = the start of that occurrence in `page`). */
  hintAtOccurrence?: number;
}

const nthIndexOf = (text: string, needle: string, n = 0) => {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`test setup: occurrence ${n} of ${JSON.stringify(needle)} not found`);
  }
  return at;
};

const textCases: TextCase[] = [
  {
    name: 'exact: unchanged page',
    page: PAGE,
    clip: 'There is effective and timely decision-making at the front door.',
    revisited: PAGE,
    expected: 'There is effective and timely decision-making at the front door.',
    exact: true,
  },
  {
    name: 'whitespace changed: newlines, indentation and NBSP in the page',
    page: PAGE,
    clip: 'There is effective and timely decision-making at the front door.',
    revisited: PAGE.replace('There is effective and', 'There is\n      effective  and').replace('front door', 'front\u00a0door'),
    expected: 'There is\n      effective  and timely decision-making at the front\u00a0door.',
    exact: true,
  },
  {
    name: 'whitespace changed: the clip has whitespace the page no longer has',
    page: PAGE.replace('timely decision-making', 'timely\n\t decision-making'),
    clip: 'effective and timely\n\t decision-making at',
    revisited: PAGE,
    expected: 'effective and timely decision-making at',
    exact: true,
  },
  {
    name: 'text edited around the quote: sentences inserted before and after, position shifted',
    page: PAGE,
    clip: 'This results in referrals being progressed in a timely way',
    revisited: `Inspectors met leaders and staff over two weeks. ${P1} A new sentence sits here.\n\n${P2} Follow-up is planned.`,
    expected: 'This results in referrals being progressed in a timely way',
    exact: true,
  },
  {
    name: 'quote edited slightly: a word changed inside it, fuzzy still finds it',
    page: PAGE,
    clip: 'There is effective and timely decision-making at the front door.',
    revisited: PAGE.replace('effective and timely', 'effective and prompt'),
    expected: 'There is effective and prompt decision-making at the front door.',
    exact: false,
  },
  {
    name: 'quote edited slightly: a typo fixed and a word inserted',
    page: PAGE.replace('thresholds are now', 'threshholds are now'),
    clip: 'partners are well represented and threshholds are now more consistently applied',
    revisited: PAGE.replace('well represented', 'very well represented'),
    expected: 'partners are very well represented and thresholds are now more consistently applied',
    exact: false,
  },
  {
    name: 'repeated phrase disambiguated by context: the second one, though the hint points at the first',
    page: `${P1} ${REPEATED} ${P2} ${REPEATED} Managers are visible.`,
    clip: REPEATED,
    occurrence: 1,
    hintAtOccurrence: 0,
    revisited: `${P1} ${REPEATED} ${P2} ${REPEATED} Managers are visible.`,
    expected: REPEATED,
    expectedOccurrence: 1,
    exact: true,
  },
  {
    // The 2nd, 3rd and 4th of five repeats have the same 32 chars of context on both sides.
    name: 'repeated phrase with equal context: position picks the one at the hint (4th of 5)',
    page: `${P1} ${REPEATED} ${REPEATED} ${REPEATED} ${REPEATED} ${REPEATED} ${P2}`,
    clip: REPEATED,
    occurrence: 1,
    hintAtOccurrence: 3,
    revisited: `${P1} ${REPEATED} ${REPEATED} ${REPEATED} ${REPEATED} ${REPEATED} ${P2}`,
    expected: REPEATED,
    expectedOccurrence: 3,
    exact: true,
  },
  {
    name: 'repeated phrase with equal context: position picks the one at the hint (3rd of 5), page shifted',
    page: `${P2} ${REPEATED} ${REPEATED} ${REPEATED} ${REPEATED} ${REPEATED} ${P1}`,
    clip: REPEATED,
    occurrence: 2,
    revisited: `Summary added. ${P2} ${REPEATED} ${REPEATED} ${REPEATED} ${REPEATED} ${REPEATED} ${P1}`,
    expected: REPEATED,
    expectedOccurrence: 2,
    exact: true,
  },
  {
    name: 'short quote guard: a short quote that no longer occurs does not fuzzy-land on other words',
    page: PAGE,
    clip: 'the MASH',
    revisited: PAGE.replace('the MASH', 'the hub'),
    expected: null,
  },
  {
    name: 'short quote guard: one changed letter is still "not found", not a near miss',
    page: PAGE,
    clip: 'front door',
    revisited: PAGE.replace('front door', 'front desk'),
    expected: null,
  },
  {
    name: 'short quote guard: ambiguous and no context agrees → not found',
    page: `Leaders have a plan for the front door. ${P1}`,
    clip: 'the front',
    revisited: `${P2} Leaders reviewed the front office. Staff changed the front page. The front desk moved.`,
    expected: null,
  },
  {
    name: 'short quote: ambiguous, but its context picks the right one',
    page: `Managers review the plan monthly. ${P2} Leaders have changed the plan recently.`,
    clip: 'the plan',
    occurrence: 1,
    revisited: `Managers review the plan monthly. ${P2} Leaders have changed the plan recently.`,
    expected: 'the plan',
    expectedOccurrence: 1,
    exact: true,
  },
  {
    name: 'short quote: unique on the page, found though its context changed',
    page: PAGE,
    clip: 'the MASH',
    revisited: `Inspectors visited. The arrangements in the MASH have changed. ${P1}`,
    expected: 'the MASH',
    exact: true,
  },
  {
    name: 'not found: the quoted sentence was deleted',
    page: PAGE,
    clip: 'Consent is appropriately sought and recorded.',
    revisited: PAGE.replace(' Consent is appropriately sought and recorded.', ''),
    expected: null,
  },
  {
    name: 'not found: a deleted long passage does not land on a paragraph sharing its words',
    page: PAGE,
    clip: 'However, there is drift and delay in progressing plans within the duty and assessment teams',
    revisited: `${P2} However, there is a plan for the duty teams and the assessment of drift in plans.`,
    expected: null,
  },
];

describe('matchQuote', () => {
  test.each(textCases)('$name', (c) => {
    const start = nthIndexOf(c.page, c.clip, c.occurrence ?? 0);
    const { quote, position } = describeTextRange(c.page, start, start + c.clip.length);
    const hint = c.hintAtOccurrence === undefined ? position.start : nthIndexOf(c.page, c.clip, c.hintAtOccurrence);
    const match = matchQuote(c.revisited, quote, { position: hint });
    if (c.expected === null) {
      expect(match).toBeNull();
      return;
    }
    expect(match).not.toBeNull();
    const expectedStart = nthIndexOf(c.revisited, c.expected, c.expectedOccurrence ?? 0);
    expect(c.revisited.slice(match!.start, match!.end)).toBe(c.expected);
    expect(match!.start).toBe(expectedStart);
    expect(match!.exact).toBe(c.exact);
    expect(match!.score).toBeGreaterThan(0.6);
    expect(match!.score).toBeLessThanOrEqual(1);
  });

  it('finds a quote without a position hint', () => {
    const { quote } = describeTextRange(PAGE, PAGE.indexOf('Consent'), PAGE.length);
    const match = matchQuote(PAGE.replace('Consent', 'Consent  now'), quote);
    expect(match).toMatchObject({ exact: false });
    expect(match!.end).toBe(PAGE.length + 5);
  });

  it('returns null for an empty or all-whitespace quote', () => {
    expect(matchQuote(PAGE, { type: 'TextQuoteSelector', exact: ' \n ', prefix: '', suffix: '' })).toBeNull();
  });

  it('treats exactly the characters of JavaScript \\s as whitespace', () => {
    const disagreements: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      if (isWhitespaceCode(code) !== /\s/.test(String.fromCharCode(code))) disagreements.push(`U+${code.toString(16)}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('maps offsets between the text and its normalised form', () => {
    const index = prepareText('a \n\t b\u00a0\u00a0c');
    expect(index.normalized).toBe('a b c');
    expect(index.toOriginalRange(2, 5)).toEqual({ start: 5, end: 9 });
    expect(index.toNormalizedOffset(3)).toBe(1);
    expect(index.toNormalizedOffset(5)).toBe(2);
  });

  it('re-anchors many quotes in one pass, learning the drift from edits earlier in the page', () => {
    const page = Array.from({ length: 40 }, (_, i) => `Paragraph ${i}. ${i % 2 ? P1 : P2}`).join('\n');
    const clips = [3, 17, 29, 38].map((i) => {
      const start = nthIndexOf(page, `Paragraph ${i}.`) + 14;
      return describeTextRange(page, start, start + 80);
    });
    const revisited = `${'An inserted introduction. '.repeat(200)}${page}`;
    const matches = matchQuotes(revisited, clips.map((c) => ({ quote: c.quote, position: c.position.start })));
    matches.forEach((m, i) => {
      expect(m).not.toBeNull();
      expect(m!.start).toBe(clips[i]!.position.start + 26 * 200);
    });
  });
});

describe('describeTextRange', () => {
  it('gives 32 chars of context each side, and the position', () => {
    const start = PAGE.indexOf('There is effective');
    const end = start + 'There is effective'.length;
    const { quote, position } = describeTextRange(PAGE, start, end);
    expect(quote).toEqual({
      type: 'TextQuoteSelector',
      exact: 'There is effective',
      prefix: PAGE.slice(start - CONTEXT_LENGTH, start),
      suffix: PAGE.slice(end, end + CONTEXT_LENGTH),
    });
    expect(position).toEqual({ type: 'TextPositionSelector', start, end });
  });

  it('keeps the text’s whitespace but counts a run of it once, so indentation does not eat the context', () => {
    const text = `${'x'.repeat(40)} words before\n            QUOTE`;
    const { quote } = describeTextRange(text, text.indexOf('QUOTE'), text.length);
    expect(quote.prefix.endsWith(' words before\n            ')).toBe(true);
    expect(normalizeWhitespace(quote.prefix)).toHaveLength(CONTEXT_LENGTH);
    expect(quote.suffix).toBe('');
  });

  it('rejects offsets outside the text', () => {
    expect(() => describeTextRange('abc', 2, 5)).toThrow(/\[2, 5\).*length 3/);
  });

  it('round-trips: any passage of 30+ chars of a real report is found where it was clipped', () => {
    const text = textOf(new JSDOM(fixture(ST_HELENS)).window.document.body).text;
    const index = prepareText(text);
    fc.assert(
      fc.property(fc.nat(text.length - 30), fc.integer({ min: 30, max: 400 }), (start, length) => {
        const end = Math.min(text.length, start + length);
        fc.pre(text.slice(start, end).trim().length >= 30);
        const { quote, position } = describeTextRange(text, start, end);
        const match = matchQuote(index, quote, { position: position.start });
        // The match covers the passage without the whitespace at its ends.
        const trimmedStart = start + (text.slice(start, end).length - text.slice(start, end).trimStart().length);
        const trimmedEnd = start + text.slice(start, end).trimEnd().length;
        expect(match).toMatchObject({ start: trimmedStart, end: trimmedEnd, exact: true });
      }),
      { numRuns: 300 },
    );
  });
});

describe('paragraph numbers', () => {
  test.each([
    ['<p><span class="x">3.18</span> The board will meet.</p>', '3.18'],
    ['<p>3.18 The board will meet.</p>', '3.18'],
    ['<p><span>1.1.</span> The Office for Standards in Education.</p>', '1.1'],
    ['<p>12. Leaders know their services well.</p>', '12'],
    ['<p>2) Consider how the Board could contribute.</p>', '2'],
    ['<p>(4) Consider how the Board could contribute.</p>', '4'],
    ['<li>3.2.1 Recruit social workers.</li>', '3.2.1'],
    ['<p>In 2019 we inspected the service.</p>', null],
    ['<p>2019 was the year of the inspection.</p>', null],
    ['<p>12 children were seen by inspectors.</p>', null],
    ['<p>4 June 2019: the plan was approved.</p>', null],
    ['<p>3.5 million pounds were allocated.</p>', null],
    ['<p>The plan has 12 actions.</p>', null],
    ['<table><tr><td>1.1</td><td>Recruit social workers.</td></tr></table>', '1.1'],
    ['<table><tr><td>Owner</td><td>Recruit social workers.</td></tr></table>', null],
  ])('%s → %s', (html, expected) => {
    const { document } = new JSDOM(`<body>${html}</body>`).window;
    const lastText = textOf(document.body).nodes.at(-1)!.node;
    expect(findParagraphNumber(lastText)).toBe(expected);
  });

  it('reads the numbers as Ofsted and council reports print them', () => {
    expect(leadingParagraphNumber('  53. Leaders')).toBe('53');
    expect(leadingParagraphNumber('1.1.1 The')).toBe('1.1.1');
    expect(leadingParagraphNumber('1234 The')).toBeNull();
    expect(leadingParagraphNumber('3.2The')).toBeNull();
  });

  it('does not take a modern.gov agenda item number as a paragraph number', () => {
    const { document } = new JSDOM(fixture(MODERN_GOV)).window;
    const p = [...document.querySelectorAll('p')].find((e) => e.textContent!.startsWith('The purpose of this report'))!;
    expect(findParagraphNumber(p.firstChild!)).toBeNull();
    const title = document.querySelector('td:not(.mgItemNumberCell) > p.mgAiTitleTxt a')!;
    expect(findParagraphNumber(title.firstChild!)).toBeNull();
  });

  it('finds "1." paragraphs in the St Helens report and none in its bullet list', () => {
    const { document } = new JSDOM(fixture(ST_HELENS)).window;
    const para = [...document.querySelectorAll('p.fx-para')].find((e) => e.textContent!.includes('The arrangements in the MASH'))!;
    expect(findParagraphNumber(para.lastChild!)).toBe('2');
    expect(findParagraphNumber(document.querySelector('li')!.firstChild!)).toBeNull();
  });
});

describe('on a real page (West Sussex select committee report)', () => {
  const load = (html = fixture(WSX)) => new JSDOM(html).window.document;
  const paragraphText = (document: Document, number: string) => {
    const p = [...document.querySelectorAll('p.fx-para')].find((e) => e.querySelector('.fx-num')?.textContent === number);
    if (!p) throw new Error(`fixture: no paragraph ${number}`);
    return p.lastChild as Text; // the text after the number span
  };
  const PASSAGE = 'take the primary responsibility for managing and overseeing the implementation of the improvement plan';

  const selectPassage = (document: Document) => {
    const text = paragraphText(document, '3.2');
    const at = text.data.indexOf(PASSAGE);
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + PASSAGE.length);
    return range;
  };

  it('describes a selection in paragraph 3.2', () => {
    const document = load();
    const anchor = describeRange(document.body, selectPassage(document));
    expect(anchor.paragraph).toBe('3.2');
    expect(anchor.quote.exact).toBe(PASSAGE);
    expect(anchor.quote.prefix).toHaveLength(CONTEXT_LENGTH);
    expect(anchor.quote.prefix.endsWith('The Improvement Board will ')).toBe(true);
    expect(textOf(document.body).text.slice(anchor.position.start, anchor.position.end)).toBe(PASSAGE);
  });

  it('anchors the clip again on the same page', () => {
    const document = load();
    const anchor = describeRange(document.body, selectPassage(document));
    const found = anchorToRange(document.body, anchor);
    expect(found?.range.toString()).toBe(PASSAGE);
    expect(found?.match.exact).toBe(true);
  });

  it('still anchors after the page is edited before the passage and re-flowed', () => {
    const original = load();
    const anchor = describeRange(original.body, selectPassage(original));
    const edited = fixture(WSX)
      .replace('<h3>Summary</h3>', '<h3>Summary</h3><p>This report was updated after the meeting.</p>')
      .replace('The Improvement Board will take', 'As agreed in April, the Improvement\n   Board will take')
      .replace(/>\n</g, '><');
    const document = load(edited);
    const found = anchorToRange(document.body, anchor);
    expect(found?.range.toString()).toBe(PASSAGE);
    expect(found!.match.start).toBeGreaterThan(anchor.position.start);
  });

  it('round-trips a selection from the end of paragraph 3.2 into paragraph 3.3', () => {
    const document = load();
    const from = paragraphText(document, '3.2');
    const to = paragraphText(document, '3.3');
    const range = document.createRange();
    range.setStart(from, from.data.indexOf('This Committee will need'));
    range.setEnd(to, to.data.indexOf(' retains'));
    const selected = range.toString();
    expect(selected).toContain('\n3.3 The Cabinet Member');

    const anchor = describeRange(document.body, range);
    expect(anchor.paragraph).toBe('3.2');
    expect(anchor.quote.exact).toBe(selected);
    const found = anchorToRange(load().body, anchor);
    expect(found?.range.toString()).toBe(selected);
    expect(found?.range.startContainer.parentElement?.className).toBe('fx-para');
    expect(found?.range.endContainer).not.toBe(found?.range.startContainer);
  });

  it('describes a selection whose boundaries sit between elements', () => {
    const document = load();
    const p = paragraphText(document, '3.2').parentElement!;
    const range = document.createRange();
    range.setStart(p, 0); // before the number span
    range.setEnd(p, p.childNodes.length);
    const anchor = describeRange(document.body, range);
    expect(anchor.quote.exact).toBe(p.textContent);
    expect(anchor.paragraph).toBe('3.2');
  });

  it('lists clips that are no longer on the page as not found, keeping their order', () => {
    const original = load();
    const kept = describeRange(original.body, selectPassage(original));
    const gone: ClipAnchor = describeRange(original.body, (() => {
      const t = paragraphText(original, '3.3');
      const r = original.createRange();
      r.setStart(t, 0);
      r.setEnd(t, t.data.indexOf('.') + 1);
      return r;
    })());
    const edited = fixture(WSX).replace(/(<span class="fx-num">3\.3<\/span>) [^.]*\./, '$1');
    const outcomes = anchorAll(load(edited).body, [gone, kept]);
    expect(outcomes.map((o) => o.status)).toEqual(['not-found', 'found']);
    expect(outcomes[0]!.anchor).toBe(gone);
    const found = outcomes[1]!;
    expect(found.status === 'found' && found.range.toString()).toBe(PASSAGE);
  });
});

describe('textOf and rangeFromOffsets', () => {
  const html =
    '<body><p>One <b>two</b></p><script>var x = 1;</script><style>p{}</style><noscript>no</noscript>' +
    '<template><p>t</p></template><div data-evident-ui><button>Clip</button></div><p>three</p></body>';

  it('keeps the text a reader sees and skips scripts, styles and our own UI', () => {
    const { document } = new JSDOM(html).window;
    const content = textOf(document.body);
    expect(content.text).toBe('One twothree');
    expect(content.nodes.map((n) => n.start)).toEqual([0, 4, 7]);
  });

  it('puts range ends inside the neighbouring text, not at the edge of the next element', () => {
    const { document } = new JSDOM(html).window;
    const range = rangeFromOffsets(document.body, 4, 7)!;
    expect(range.toString()).toBe('two');
    expect(range.startContainer.textContent).toBe('two');
    expect(range.endContainer.textContent).toBe('two');
    expect(rangeFromOffsets(document.body, 5, 99)).toBeNull();
  });

  it('works when given the document itself', () => {
    const { document } = new JSDOM(html).window;
    expect(textOf(document).text).toBe('One twothree');
  });
});
