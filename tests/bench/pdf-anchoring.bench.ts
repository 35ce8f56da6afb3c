/**
 * PDF anchoring benchmark: re-anchoring 100 clips in a 100-page PDF within 3 s, counting
 * what a reader waits for when the viewer opens a file: (a) pdf.js text extraction of every page
 * (`getTextContent`, with the options pdf.js's viewer uses for its text layer) plus building the
 * text model, then (b) re-anchoring the clips. Headline: the median of 5 opens after the first
 * (Hypothesis reports a mean of 5); the first open, which also loads and JIT-compiles pdf.js, is a
 * row of its own. The PDF is tests/fixtures/pdf/long-report-100p.pdf (fixture text printed by
 * Chromium; see the README there). Clips are random passages of 40-300 chars, one starting on each
 * page, some running over a page break. PDFs do not change, so there is no "edited" case; instead
 * the same clips are re-anchored in a copy with one page removed.
 * Hypothesis's figure is published (hypothesis/client#171), not measured here: another PDF, browser
 * and machine, so it is a yardstick, not a same-run reference.
 * Node-only: `npx tsx tests/bench/pdf-anchoring.bench.ts`.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
  anchorAllInPdf,
  buildPdfTextModel,
  describePdfSelection,
  pdfPageFromTextContent,
  type ClipAnchor,
  type PdfPageBlocks,
  type PdfTextModel,
  type PdfTextSpan,
} from '../../shared/anchoring';
import { createRandom } from '../lib/random';
import { median, printTable, type BenchRow } from './lib/report';

const PDF = path.resolve(import.meta.dirname, '../fixtures/pdf/long-report-100p.pdf');
const CLIPS = 100;
const BUDGET_MS = 3000;
const MISSING_PAGE = 50;
/** Hypothesis reports the mean of 5 runs; we take the median of 5, after the cold first read. */
const RUNS = 5;
/** hypothesis/client#171 (2016): 88 annotations on one PDF, mean of 5 runs, after caching page text. */
const HYPOTHESIS = { name: 'Hypothesis, 88 annotations (published, client#171)', ms: 2883 };

async function extractPages(bytes: Uint8Array): Promise<PdfPageBlocks[]> {
  // pdf.js takes the buffer over: give it a copy so the next run can read the file again.
  const task = pdfjs.getDocument({ data: bytes.slice() });
  const doc = await task.promise;
  const pages: PdfPageBlocks[] = [];
  for (let page = 1; page <= doc.numPages; page++) {
    const content = await (await doc.getPage(page)).getTextContent({ includeMarkedContent: true, disableNormalization: true });
    pages.push(pdfPageFromTextContent(page, content.items));
  }
  await task.destroy();
  return pages;
}

/** What the viewer does on opening a file: read every page's text, build the model, re-anchor the clips. */
async function openAndAnchor(bytes: Uint8Array, anchors: readonly ClipAnchor[]) {
  const t0 = performance.now();
  const pages = await extractPages(bytes);
  const t1 = performance.now();
  const model = buildPdfTextModel(pages);
  const t2 = performance.now();
  const outcomes = anchorAllInPdf(model, anchors);
  const t3 = performance.now();
  return { pages, model, outcomes, extractMs: t2 - t0, buildMs: t2 - t1, anchorMs: t3 - t2, totalMs: t3 - t0 };
}

/** One clip starting on each page: 40-300 chars from a random place, whitespace at its ends trimmed. */
function makeClips(model: PdfTextModel, seed: number): Array<{ anchor: ClipAnchor; span: PdfTextSpan }> {
  const random = createRandom(seed);
  const text = model.text;
  return model.pages.slice(0, CLIPS).map(({ page, text: pageText }) => {
    let start = model.toJoinedOffset(page, random.int(0, Math.max(0, pageText.length - 20)))!;
    let end = Math.min(text.length, start + random.int(40, 300));
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    const span = model.toSpan(start, end);
    return { anchor: describePdfSelection(model, span), span };
  });
}

const sameSpan = (a: PdfTextSpan, b: PdfTextSpan) =>
  a.startPage === b.startPage && a.startOffset === b.startOffset && a.endPage === b.endPage && a.endOffset === b.endOffset;

/** The span in a copy without page `missing`: later pages are numbered one lower. */
const renumbered = (s: PdfTextSpan, missing: number): PdfTextSpan => ({
  ...s,
  startPage: s.startPage > missing ? s.startPage - 1 : s.startPage,
  endPage: s.endPage > missing ? s.endPage - 1 : s.endPage,
});

export async function run(): Promise<BenchRow[]> {
  const bytes = new Uint8Array(readFileSync(PDF));
  const sizeKb = Math.round(statSync(PDF).size / 1024);

  // The clips were made in an earlier session; their anchors depend only on the text, so they are
  // made from a first read of the file. That read is also the cold run: pdf.js's worker code is
  // loaded and compiled on first use, as when the viewer starts.
  const cold = await openAndAnchor(bytes, []);
  const clips = makeClips(cold.model, 55);
  const anchors = clips.map((c) => c.anchor);
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await openAndAnchor(bytes, anchors));
  const extractMs = median(runs.map((r) => r.extractMs));
  const buildMs = median(runs.map((r) => r.buildMs));
  const anchorMs = median(runs.map((r) => r.anchorMs));
  const totalMs = median(runs.map((r) => r.totalMs));
  const last = runs[runs.length - 1]!;
  const refound = last.outcomes.filter((o, i) => o.status === 'found' && sameSpan(o.span, clips[i]!.span)).length;
  const crossing = clips.filter((c) => c.span.endPage > c.span.startPage).length;
  const text = last.model.text;
  const occursTwice = (q: string) => text.indexOf(q, text.indexOf(q) + 1) !== -1;
  const repeated = clips.filter((c) => occursTwice(c.anchor.quote.exact)).length;

  // Page texts kept from an earlier open (keyed by the file's SHA-256): no pdf.js at all.
  const cached = JSON.stringify(last.pages);
  const t0 = performance.now();
  anchorAllInPdf(buildPdfTextModel(JSON.parse(cached) as PdfPageBlocks[]), anchors);
  const cachedMs = performance.now() - t0;

  // The same clips in a copy of the file without page MISSING_PAGE (later pages renumbered).
  const without = buildPdfTextModel(
    last.pages.filter((p) => p.page !== MISSING_PAGE).map((p) => ({ ...p, page: p.page > MISSING_PAGE ? p.page - 1 : p.page })),
  );
  const t1 = performance.now();
  const missing = anchorAllInPdf(without, anchors);
  const missingMs = performance.now() - t1;
  const touches = (s: PdfTextSpan) => s.startPage <= MISSING_PAGE && s.endPage >= MISSING_PAGE;
  const pairs = clips.map((c, i) => ({ c, o: missing[i]! }));
  const elsewhere = pairs.filter(({ c }) => !touches(c.span));
  const onMissing = pairs.filter(({ c }) => touches(c.span));
  const rightPlace = elsewhere.filter(({ c, o }) => o.status === 'found' && sameSpan(o.span, renumbered(c.span, MISSING_PAGE))).length;
  // A clip from the missing page may still be found: where the pack repeats its words elsewhere.
  const stillInCopy = onMissing.filter(({ c }) => without.text.includes(c.anchor.quote.exact)).length;
  const notFound = onMissing.filter(({ o }) => o.status === 'not-found').length;
  const foundCopy = onMissing.filter(({ c, o }) => o.status === 'found' && o.match.exact && without.text.slice(o.match.start, o.match.end) === c.anchor.quote.exact).length;

  const bench = 'pdf-anchoring';
  const doc = `${cold.pages.length}-page PDF (${sizeKb} KB), ${CLIPS} clips`;
  const med = `median of ${RUNS}`;
  return [
    { benchmark: bench, case: `${doc}, ${med}`, metric: '(a) extract text + build model ms', value: extractMs, unit: 'ms' },
    { benchmark: bench, case: `${doc}, ${med}`, metric: 'of which build model ms', value: buildMs, unit: 'ms' },
    { benchmark: bench, case: `${doc}, ${med}`, metric: '(b) re-anchor ms', value: anchorMs, unit: 'ms' },
    {
      benchmark: bench,
      case: `${doc}, ${med}`,
      metric: 'total (a)+(b) ms',
      value: totalMs,
      unit: 'ms',
      target: `<= ${BUDGET_MS}`,
      reference: { name: HYPOTHESIS.name, value: HYPOTHESIS.ms },
      ratio: totalMs / HYPOTHESIS.ms,
      pass: totalMs <= BUDGET_MS,
    },
    { benchmark: bench, case: `${doc}, first open in the process (cold pdf.js)`, metric: 'total (a)+(b) ms', value: cold.extractMs + anchorMs, unit: 'ms' }, // its clips did not exist yet: add a re-anchoring run
    { benchmark: bench, case: `${doc}, page texts from a cache (no pdf.js)`, metric: 'build + re-anchor ms', value: cachedMs, unit: 'ms' },
    {
      benchmark: bench,
      case: `${doc} (${crossing} across a page break, ${repeated} with words found twice in the pack)`,
      metric: 're-found at the same place %',
      value: (100 * refound) / CLIPS,
      unit: '%',
      target: '100',
      pass: refound === CLIPS,
    },
    { benchmark: bench, case: `${doc}, page ${MISSING_PAGE} removed`, metric: 're-anchor ms', value: missingMs, unit: 'ms' },
    {
      benchmark: bench,
      case: `${doc}, page ${MISSING_PAGE} removed`,
      metric: `other pages' clips at the same place (of ${elsewhere.length})`,
      value: rightPlace,
      unit: 'clips',
      target: `${elsewhere.length}`,
      pass: rightPlace === elsewhere.length,
    },
    {
      benchmark: bench,
      case: `${doc}, page ${MISSING_PAGE} removed (${onMissing.length} clips there, ${onMissing.length - stillInCopy} with words found nowhere else)`,
      metric: 'reported not found',
      value: notFound,
      unit: 'clips',
      target: `${onMissing.length - stillInCopy}`,
      pass: notFound === onMissing.length - stillInCopy && foundCopy === stillInCopy,
    },
    { benchmark: bench, case: `${HYPOTHESIS.name}: not measured here`, metric: 'total ms', value: HYPOTHESIS.ms, unit: 'ms' },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await run());
}
