import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, test } from 'vitest';
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
  anchorAllInPdf,
  anchorInPdf,
  buildPdfTextModel,
  describePdfSelection,
  offsetInTextLayer,
  PAGE_SEPARATOR,
  pdfPageFromTextContent,
  pdfSourceId,
  readPdfIdentity,
  sha256Hex,
  spanFromSelection,
  textLayerRange,
  textOf,
  type ClipAnchor,
  type PdfPageBlocks,
  type PdfTextModel,
  type PdfTextSpan,
} from '../../shared/anchoring';
import { PdfIdentity } from '../../shared/schema/source';

const PDF_PATH = fileURLToPath(new URL('../fixtures/ofsted-ilacs-st-helens-2019.pdf', import.meta.url));

type TextItems = Awaited<ReturnType<pdfjs.PDFPageProxy['getTextContent']>>['items'];

interface ReadPdf {
  pages: PdfPageBlocks[];
  items: TextItems[];
  fingerprints: Array<string | null>;
}

/** Each page as the viewer's text layer shows it: pdf.js's viewer asks for exactly these options. */
async function readPdf(path: string): Promise<ReadPdf> {
  const task = pdfjs.getDocument({ data: new Uint8Array(readFileSync(path)) });
  const doc = await task.promise;
  const pages: PdfPageBlocks[] = [];
  const items: TextItems[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent({ includeMarkedContent: true, disableNormalization: true });
    items.push(content.items);
    pages.push(pdfPageFromTextContent(p, content.items));
  }
  const fingerprints = [...doc.fingerprints];
  await task.destroy();
  return { pages, items, fingerprints };
}

let pdf: ReadPdf;
let model: PdfTextModel;
beforeAll(async () => {
  pdf = await readPdf(PDF_PATH);
  model = buildPdfTextModel(pdf.pages);
});

const pageText = (page: number) => pdf.pages[page - 1]!.text;
/** The span of `passage` on `page` (its first occurrence there). */
function spanOf(page: number, passage: string): PdfTextSpan {
  const start = pageText(page).indexOf(passage);
  if (start < 0) throw new Error(`test setup: ${JSON.stringify(passage)} is not on page ${page}`);
  return { startPage: page, startOffset: start, endPage: page, endOffset: start + passage.length };
}

describe('the PDF text model', () => {
  it('reads the report as 13 pages with the text the text layer shows', () => {
    expect(pdf.pages).toHaveLength(13);
    expect(pageText(6)).toContain('13. Children at risk of exploitation are recognised and responded to effectively.');
    expect(model.text).toBe(pdf.pages.map((p) => p.text).join(PAGE_SEPARATOR));
  });

  it('maps (page, offset) to the joined text and back', () => {
    for (const { page, text } of pdf.pages) {
      for (const offset of [0, 1, text.length >> 1, text.length]) {
        const joined = model.toJoinedOffset(page, offset)!;
        expect(model.toPagePoint(joined)).toEqual({ page, offset });
        if (offset < text.length) expect(model.text[joined]).toBe(text[offset]);
      }
    }
    expect(model.toJoinedOffset(14, 0)).toBeNull();
    expect(model.toJoinedOffset(1, pageText(1).length + 1)).toBeNull();
    // An end boundary right after a separator is the end of the page before.
    expect(model.toPagePoint(model.toJoinedOffset(2, 0)!, true)).toEqual({ page: 1, offset: pageText(1).length });
  });

  it('refuses two pages with one number', () => {
    expect(() => buildPdfTextModel([{ page: 1, text: 'a' }, { page: 1, text: 'b' }])).toThrow(/page number 1/);
  });
});

describe('Anchoring in PDFs: single page', () => {
  test.each([
    { page: 6, passage: 'Children at risk of exploitation are recognised and responded to effectively.', paragraph: '13' },
    { page: 6, passage: '13. Children at risk of exploitation', paragraph: '13' },
    { page: 8, passage: 'When adoption is identified as the permanence plan, children receive a good', paragraph: '25' },
    // Pages that begin mid-sentence continue the last paragraph of the page before.
    { page: 6, passage: 'more to do to respond to chronic neglect in a timely way', paragraph: '12' },
    { page: 7, passage: 'This means that children are subject to unnecessary statutory', paragraph: '18' },
    // Conservative: headings, bullets, a page that starts with a capital, the page number: no number.
    { page: 3, passage: 'What needs to improve', paragraph: null },
    { page: 3, passage: 'Corporate support on implementing improvement plans with pace.', paragraph: null },
    { page: 10, passage: 'There is limited evidence that pathway plans are being utilised', paragraph: null },
    { page: 1, passage: 'Inspection dates: 23 September 2019 to 4 October 2019', paragraph: null },
    { page: 11, passage: '11', paragraph: null },
  ])('page $page "$passage" round trips (paragraph $paragraph)', ({ page, passage, paragraph }) => {
    const span = spanOf(page, passage);
    const anchor = describePdfSelection(model, span);
    expect(anchor).toMatchObject({
      page,
      paragraph,
      quote: { exact: passage },
      position: { start: span.startOffset, end: span.endOffset },
    });
    expect(anchor.quote.prefix.length).toBeLessThanOrEqual(32 * 8);
    expect(anchorInPdf(model, anchor)).toMatchObject({ span, match: { exact: true, score: 1 } });
  });

  it('keeps 32 chars of context on each side, as describeTextRange does', () => {
    const anchor = describePdfSelection(model, spanOf(6, 'Private fostering services for children are under-developed.'));
    expect(anchor.quote.prefix).toBe(pageText(6).slice(832 - 32 + '15. '.length, 832 + '15. '.length));
    expect(anchor.quote.suffix).toHaveLength(32);
  });
});

describe('Anchoring in PDFs: across a page break', () => {
  // Paragraph 12 runs from page 5 onto page 6; page 6's text begins with its page number "6",
  // which the text layer (and so a selection across the break) holds too.
  const START = 'neglect strategy was launched just prior to the inspection, although there is';
  const END = 'more to do to respond to chronic neglect in a timely way';

  it('records the start page and a position in that page that runs past its end', () => {
    const startOffset = pageText(5).indexOf(START);
    const endOffset = pageText(6).indexOf(END) + END.length;
    const span = { startPage: 5, startOffset, endPage: 6, endOffset };
    const anchor = describePdfSelection(model, span);
    expect(anchor.page).toBe(5);
    expect(anchor.paragraph).toBe('12');
    expect(anchor.quote.exact).toBe(`${START}${PAGE_SEPARATOR}6${END}`);
    expect(anchor.position.start).toBe(startOffset);
    expect(anchor.position.end).toBe(startOffset + anchor.quote.exact.length);
    expect(anchor.position.end).toBeGreaterThan(pageText(5).length);
    expect(anchor.quote.suffix.startsWith(' to ensure that')).toBe(true);

    expect(anchorInPdf(model, anchor)).toMatchObject({ span, match: { exact: true } });
    expect(anchorAllInPdf(model, [anchor])[0]).toMatchObject({ status: 'found', span });
  });

  it('takes the context from the neighbouring page when the quote is at a page edge', () => {
    const anchor = describePdfSelection(model, spanOf(6, `6${pageText(6).slice(1, 40)}`));
    expect(anchor.quote.prefix.endsWith(`although there is${PAGE_SEPARATOR}`)).toBe(true);
    expect(anchorInPdf(model, anchor)?.span.startPage).toBe(6);
  });

  it('starts a selection made from after the last char of a page on the next page', () => {
    const endOffset = pageText(6).indexOf(END) + END.length;
    const anchor = describePdfSelection(model, { startPage: 5, startOffset: pageText(5).length, endPage: 6, endOffset });
    expect(anchor).toMatchObject({ page: 6, position: { start: 0, end: endOffset }, quote: { exact: pageText(6).slice(0, endOffset) } });
    const back = describePdfSelection(model, { startPage: 5, startOffset: 10, endPage: 6, endOffset: 0 });
    expect(back.quote.exact).toBe(pageText(5).slice(10));
  });

  it('steps over a blank page at either end of a selection', () => {
    const m = buildPdfTextModel([{ page: 1, text: 'Alpha beta.' }, { page: 2, text: '' }, { page: 3, text: 'Gamma delta.' }]);
    expect(describePdfSelection(m, { startPage: 1, startOffset: 11, endPage: 3, endOffset: 5 })).toMatchObject({
      page: 3,
      position: { start: 0, end: 5 },
      quote: { exact: 'Gamma', prefix: `Alpha beta.${PAGE_SEPARATOR}${PAGE_SEPARATOR}` },
    });
    expect(describePdfSelection(m, { startPage: 1, startOffset: 6, endPage: 3, endOffset: 0 })).toMatchObject({
      page: 1,
      quote: { exact: 'beta.' },
    });
  });
});

describe('Anchoring in PDFs: a repeated phrase on different pages', () => {
  const SENTENCE = 'Leaders have a clear and accurate understanding of the quality of practice.';
  /** The report with `insertions[page]` put before the first paragraph number on that page. */
  function withInsertions(insertions: Record<number, string>): PdfTextModel {
    return buildPdfTextModel(
      pdf.pages.map(({ page, text }) => {
        const add = insertions[page];
        if (add === undefined) return { page, text };
        const at = text.search(/\d+\. [A-Z]/);
        return { page, text: text.slice(0, at) + add + text.slice(at) };
      }),
    );
  }
  const anchorOfCopy = (m: PdfTextModel, page: number): ClipAnchor => {
    const text = m.pages[page - 1]!.text;
    const start = text.indexOf(SENTENCE);
    return describePdfSelection(m, { startPage: page, startOffset: start, endPage: page, endOffset: start + SENTENCE.length });
  };
  const foundPage = (m: PdfTextModel, anchor: ClipAnchor) => anchorInPdf(m, anchor)?.span.startPage;

  it('resolves to the copy whose context matches, wherever the hint points', () => {
    const m = withInsertions({ 2: `Inspectors found that ${SENTENCE} `, 9: `In contrast with the last visit, ${SENTENCE} ` });
    const onNine = anchorOfCopy(m, 9);
    const onTwo = anchorOfCopy(m, 2);
    expect(foundPage(m, onNine)).toBe(9);
    expect(foundPage(m, onTwo)).toBe(2);
    // A wrong page hint (say, page labels that shifted) loses to the context.
    expect(foundPage(m, { ...onNine, page: 2, position: onTwo.position })).toBe(9);
    expect(foundPage(m, { ...onTwo, page: 9, position: onNine.position })).toBe(2);
  });

  it('resolves to the hinted page when the contexts are equal, and else to the nearest copy', () => {
    const block = `Across the service and in every team we visited, ${SENTENCE} This was confirmed by the audits we sampled. `;
    const m = withInsertions({ 2: block, 5: block, 9: block });
    const onTwo = anchorOfCopy(m, 2);
    const onNine = anchorOfCopy(m, 9);
    expect(onTwo.quote).toEqual(onNine.quote);
    expect(foundPage(m, onTwo)).toBe(2);
    expect(foundPage(m, onNine)).toBe(9);
    expect(foundPage(m, anchorOfCopy(m, 5))).toBe(5);
    // Hinted page 6 has no copy: page 5's is nearer than page 9's.
    expect(foundPage(m, { ...onNine, page: 6, position: { ...onNine.position, start: 0 } })).toBe(5);
    expect(anchorAllInPdf(m, [onNine, onTwo]).map((o) => (o.status === 'found' ? o.span.startPage : null))).toEqual([9, 2]);
  });
});

describe('Anchoring in PDFs: after zoom change', () => {
  /**
   * A page's text layer as pdf.js's TextLayer builds it (pdfjs-dist 6.5 `#processItems` and
   * `#appendText`): a span per item with text, a <br> per end of line, marked content as nested
   * spans, and the viewer's `endOfContent` div. Position and size depend on the scale; text does not.
   */
  function renderTextLayer(doc: Document, items: TextItems, scale: number): HTMLElement {
    const layer = doc.createElement('div');
    layer.className = 'textLayer';
    layer.style.setProperty('--total-scale-factor', String(scale));
    let container: HTMLElement = layer;
    for (const item of items) {
      if (!('str' in item)) {
        if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') {
          const marked = doc.createElement('span');
          marked.className = 'markedContent';
          container.append(marked);
          container = marked;
        } else if (item.type === 'endMarkedContent') {
          container = container.parentElement!;
        }
        continue;
      }
      const [, , c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
      const span = doc.createElement('span');
      span.setAttribute('role', 'presentation');
      span.style.left = `${(x * scale).toFixed(2)}px`;
      span.style.top = `${((842 - y) * scale).toFixed(2)}px`;
      span.style.fontSize = `${(Math.hypot(c, d) * scale).toFixed(2)}px`;
      span.style.transform = `scaleX(${(0.9 + scale / 10).toFixed(3)})`;
      span.textContent = item.str;
      if (item.str !== '') container.append(span);
      if (item.hasEOL) {
        const br = doc.createElement('br');
        br.setAttribute('role', 'presentation');
        container.append(br);
      }
    }
    const end = doc.createElement('div');
    end.className = 'endOfContent';
    layer.append(end);
    return layer;
  }

  /** Pages 5 and 6 of the viewer at `scale`, each page a canvas wrapper plus its text layer. */
  function renderViewer(scale: number) {
    const { document } = new JSDOM('<!DOCTYPE html><div id="viewer"></div>').window;
    const pages = [5, 6].map((page) => {
      const div = document.createElement('div');
      div.className = 'page';
      div.dataset.pageNumber = String(page);
      div.append(document.createElement('canvas'));
      const layer = renderTextLayer(document, pdf.items[page - 1]!, scale);
      div.append(layer);
      document.getElementById('viewer')!.append(div);
      return { page, layer };
    });
    return { document, pages };
  }

  it('extracting the text again gives the same model and the same anchors', async () => {
    const again = buildPdfTextModel((await readPdf(PDF_PATH)).pages);
    expect(again.text).toBe(model.text);
    const span = spanOf(6, 'Children who are missing education are clearly identified');
    expect(describePdfSelection(again, span)).toEqual(describePdfSelection(model, span));
  });

  it('gives the same offsets and the same range text at two zoom levels', () => {
    const small = renderViewer(1);
    const large = renderViewer(2.5);
    for (const viewer of [small, large]) {
      for (const { page, layer } of viewer.pages) expect(textOf(layer).text).toBe(pageText(page));
    }
    for (const [start, end] of [[0, 1], [122, 554], [1377, 1959], [2500, pageText(6).length]] as const) {
      const a = textLayerRange(small.pages[1]!.layer, start, end)!;
      const b = textLayerRange(large.pages[1]!.layer, start, end)!;
      expect(a.toString()).toBe(pageText(6).slice(start, end));
      expect(b.toString()).toBe(a.toString());
      for (const [viewer, range] of [[small, a], [large, b]] as const) {
        expect(offsetInTextLayer(viewer.pages[1]!.layer, range.startContainer, range.startOffset)).toBe(start);
        expect(offsetInTextLayer(viewer.pages[1]!.layer, range.endContainer, range.endOffset)).toBe(end);
      }
    }
  });

  it('turns a selection across two pages into the same span and anchor at any zoom', () => {
    const span = {
      startPage: 5,
      startOffset: pageText(5).indexOf('neglect strategy was launched'),
      endPage: 6,
      endOffset: pageText(6).indexOf(' to ensure that'),
    };
    const anchors = [1, 2.5].map((scale) => {
      const viewer = renderViewer(scale);
      const start = textLayerRange(viewer.pages[0]!.layer, span.startOffset, span.startOffset)!;
      const end = textLayerRange(viewer.pages[1]!.layer, span.endOffset, span.endOffset)!;
      const selection = viewer.document.createRange();
      selection.setStart(start.startContainer, start.startOffset);
      selection.setEnd(end.endContainer, end.endOffset);
      expect(spanFromSelection(viewer.pages, selection)).toEqual(span);
      return describePdfSelection(model, spanFromSelection(viewer.pages, selection)!);
    });
    expect(anchors[1]).toEqual(anchors[0]);
    expect(anchorInPdf(model, anchors[0]!)?.span).toEqual(span);
  });

  it('clamps a selection that starts or ends outside the text layers', () => {
    const { document, pages } = renderViewer(1);
    const [five, six] = pages as [{ page: number; layer: HTMLElement }, { page: number; layer: HTMLElement }];
    const selection = document.createRange();
    // From page 5's canvas (left of its layer) to the middle of page 6.
    selection.setStart(five.layer.parentElement!, 0);
    selection.setEnd(textLayerRange(six.layer, 40, 40)!.startContainer, textLayerRange(six.layer, 40, 40)!.startOffset);
    expect(spanFromSelection(pages, selection)).toEqual({ startPage: 5, startOffset: 0, endPage: 6, endOffset: 40 });
    // A drag that ends at the very start of page 6 covers page 5 only.
    selection.setStart(textLayerRange(five.layer, 100, 100)!.startContainer, textLayerRange(five.layer, 100, 100)!.startOffset);
    selection.setEnd(six.layer, 0);
    expect(spanFromSelection(pages, selection)).toEqual({ startPage: 5, startOffset: 100, endPage: 5, endOffset: pageText(5).length });
    // Only the canvases, or nothing: no span.
    selection.setStart(five.layer.parentElement!, 0);
    selection.setEnd(five.layer.parentElement!, 1);
    expect(spanFromSelection(pages, selection)).toBeNull();
    selection.collapse(true);
    expect(spanFromSelection(pages, selection)).toBeNull();
  });
});

describe('Anchoring in PDFs: not found', () => {
  it('reports clips whose quote is not in the document, and finds the rest', () => {
    const present = describePdfSelection(model, spanOf(9, 'The virtual school is supporting children in care'));
    const absent: ClipAnchor = {
      quote: { type: 'TextQuoteSelector', exact: 'The adoption panel met weekly and cleared its backlog of cases', prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start: 100, end: 162 },
      paragraph: null,
      page: 4,
    };
    expect(anchorInPdf(model, absent)).toBeNull();
    expect(anchorAllInPdf(model, [absent, present]).map((o) => o.status)).toEqual(['not-found', 'found']);
  });

  it('still finds a clip whose page hint lies beyond this copy, or which has none', () => {
    const anchor = describePdfSelection(model, spanOf(12, 'Monthly performance clinics provide a forum'));
    expect(anchorInPdf(model, { ...anchor, page: 40 })?.span.startPage).toBe(12);
    expect(anchorInPdf(model, { ...anchor, page: undefined })?.span.startPage).toBe(12);
  });

  it('refuses a span outside the document (a bug in the caller, not a missing clip)', () => {
    expect(() => describePdfSelection(model, { startPage: 14, startOffset: 0, endPage: 14, endOffset: 1 })).toThrow(/not inside/);
  });
});

describe('Anchoring in PDFs: property', () => {
  it('round-trips random spans of the document, on one page or across pages', () => {
    const text = model.text;
    fc.assert(
      fc.property(fc.nat(text.length - 1), fc.integer({ min: 1, max: 600 }), (from, length) => {
        // A selection's whitespace at either end says nothing about where it is: trim it.
        let start = from;
        let end = Math.min(text.length, from + length);
        while (start < end && /\s/.test(text[start]!)) start++;
        while (end > start && /\s/.test(text[end - 1]!)) end--;
        fc.pre(end > start);
        const span = model.toSpan(start, end);
        const anchor = describePdfSelection(model, span);
        expect(anchor.page).toBe(span.startPage);
        expect(anchorInPdf(model, anchor)?.span).toEqual(span);
      }),
      { numRuns: 400 },
    );
  });
});

describe('PDF identity', () => {
  it('hashes the bytes with Web Crypto as node:crypto does', async () => {
    const bytes = new Uint8Array(readFileSync(PDF_PATH));
    expect(await sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('names a PDF by its bytes, not its fingerprints (which can collide)', async () => {
    const identity = await readPdfIdentity(new Uint8Array(readFileSync(PDF_PATH)), pdf.fingerprints, pdf.pages.length);
    expect(PdfIdentity.parse(identity)).toEqual(identity);
    expect(identity.fingerprints).toEqual(pdf.fingerprints.filter(Boolean));
    const id = pdfSourceId(identity);
    expect(id).toMatch(/^src_/);
    expect(pdfSourceId({ ...identity, fingerprints: ['other'] })).toBe(id);
    const edited = await sha256Hex(new TextEncoder().encode('an edited file with the same /ID'));
    expect(pdfSourceId({ ...identity, sha256: edited })).not.toBe(id);
    expect(() => pdfSourceId({ fingerprints: [], sha256: 'ABC' })).toThrow(/64 lowercase hex/);
  });
});
