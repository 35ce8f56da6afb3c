/**
 * Where paragraphs begin on a PDF page, read from pdf.js text items, and the paragraph number a
 * clip there is cited by ("para 13"). The page text itself has no line breaks (pdf-types.ts), so
 * the blocks are found from the items' geometry: a line starts a new block when it sits further
 * below the line before than line spacing explains, changes font size, or jumps up the page (page
 * furniture, a new column). Ofsted reports print "13." at the start of a paragraph's first line,
 * with 2.4 line heights between paragraphs and 1.2 within one; council reports are alike.
 */
import type { PdfPageText } from './pdf-types';
import { leadingParagraphNumber } from './paragraph';

/** A pdf.js text item (`getTextContent().items`); marked-content items have no `str`. */
export interface PdfTextItemLike {
  str?: string;
  hasEOL?: boolean;
  /** [a, b, c, d, x, y]: font height is |(c, d)|, the baseline is at y (PDF space, y up). */
  transform?: readonly number[];
}

/** A page's text with the offsets where its blocks (paragraphs, headings, list items) begin. */
export interface PdfPageBlocks extends PdfPageText {
  /** Ascending offsets into `text`; without them no paragraph number is read for the page. */
  blockStarts?: readonly number[];
}

/** Baseline gaps beyond this many font heights separate blocks (within a paragraph: ~1.2-1.4). */
const BLOCK_GAP = 1.7;
/** A font size change larger than this (a heading) starts a block. */
const SIZE_CHANGE = 0.15;

interface Line {
  start: number;
  y: number;
  size: number;
}

/**
 * The page as the viewer's text layer shows it (items' `str` joined, marked content skipped) plus
 * its block starts. Pass the items of `getTextContent({ includeMarkedContent: true,
 * disableNormalization: true })`, the call pdf.js's viewer makes for its text layer: with
 * normalisation on, ligatures ("ﬁ" in Chromium-printed PDFs) become several chars and offsets drift.
 */
export function pdfPageFromTextContent(page: number, items: ReadonlyArray<PdfTextItemLike | object>): PdfPageBlocks {
  let text = '';
  const lines: Line[] = [];
  let current: Line | null = null;
  let lineStart = 0;
  for (const raw of items) {
    const item = raw as PdfTextItemLike;
    if (typeof item.str !== 'string') continue;
    // The line's place is that of its first item with visible text (pdf.js gives an empty
    // end-of-line item the next line's transform).
    if (!current && item.str.trim() !== '' && item.transform) {
      const [, , c = 0, d = 0, , y = 0] = item.transform;
      current = { start: lineStart, y, size: Math.hypot(c, d) };
    }
    text += item.str;
    if (item.hasEOL) {
      if (current) lines.push(current);
      current = null;
      lineStart = text.length;
    }
  }
  if (current) lines.push(current);
  const blockStarts: number[] = [];
  lines.forEach((line, i) => {
    const prev = lines[i - 1];
    if (!prev || startsBlock(prev, line)) blockStarts.push(line.start);
  });
  return { page, text, blockStarts };
}

function startsBlock(prev: Line, line: Line): boolean {
  const drop = prev.y - line.y;
  const size = Math.max(prev.size, line.size, 1);
  return drop < 0 || drop > BLOCK_GAP * size || Math.abs(prev.size - line.size) > SIZE_CHANGE * size;
}

/** A block that is nothing but a number (a page number) is furniture, never a paragraph number. */
const BARE_NUMBER = /^\s*\(?\d{1,4}(?:\.\d{1,3}){0,3}[.)]?\s*$/;

function blockText(page: PdfPageBlocks, b: number): string {
  const starts = page.blockStarts!;
  return page.text.slice(starts[b], starts[b + 1] ?? page.text.length);
}

function ownNumber(text: string): string | null {
  return BARE_NUMBER.test(text) ? null : leadingParagraphNumber(text);
}

/** Index of the last block starting at or before `offset`, or -1. */
function blockAt(starts: readonly number[], offset: number): number {
  let lo = -1;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The paragraph number printed at the start of the block holding `offset` of `pages[index]`, or
 * null. A page's first block that starts mid-sentence (lower case, after nothing but a page
 * number) continues the last paragraph of the page before, as most Ofsted pages begin; anything
 * less clear (a block after a heading, a table) gets null rather than a neighbour's number.
 */
export function paragraphNumberAt(pages: readonly PdfPageBlocks[], index: number, offset: number): string | null {
  const page = pages[index];
  const starts = page?.blockStarts;
  if (!page || !starts?.length) return null;
  const b = blockAt(starts, offset);
  if (b < 0) return null;
  const text = blockText(page, b);
  const own = ownNumber(text);
  if (own !== null) return own;

  const isFirstTextBlock = Array.from({ length: b }, (_, i) => blockText(page, i)).every((t) => BARE_NUMBER.test(t) || t.trim() === '');
  if (!isFirstTextBlock || !/^\s*\p{Ll}/u.test(text)) return null;
  const before = pages[index - 1];
  if (!before?.blockStarts?.length || before.page !== page.page - 1) return null;
  let last = before.blockStarts.length - 1;
  while (last >= 0 && BARE_NUMBER.test(blockText(before, last))) last--;
  return last >= 0 ? ownNumber(blockText(before, last)) : null;
}
