/**
 * Clips in PDFs: a selection in the viewer becomes a ClipAnchor with the page it starts
 * on, a TextQuoteSelector over the document's text (so its context and the quote itself may cross
 * a page break) and a TextPositionSelector in that page's text; a ClipAnchor becomes a span of
 * page offsets again. The quote matcher is the one HTML clips use (text-match.ts), run over the
 * joined text of pdf-text-model.ts with the hinted page as its position hint: exact matches near
 * the hint first, then anywhere, then fuzzy; among equally good places the nearest to the hinted
 * page wins, while better context beats nearness (Hypothesis's 50/20/20/2 weights).
 */
import type { ClipAnchor, TextMatch } from './types';
import type { PdfTextSpan } from './pdf-types';
import { describeTextRange } from './describe';
import { matchQuote } from './text-match';
import { isWhitespaceCode } from './text-index';
import { paragraphNumberAt } from './pdf-blocks';
import { PAGE_SEPARATOR, type PdfTextModel } from './pdf-text-model';

/** Whether the joined offset is a page's end, i.e. the separator after it (or the document's end). */
function isPageEnd(model: PdfTextModel, joined: number): boolean {
  const { page, offset } = model.toPagePoint(joined);
  return offset === model.pages[model.positionOf(page)]!.text.length;
}

/**
 * Selectors for a selection in the viewer. `page` is where it starts; `position` counts in that
 * page's text, so `position.end` runs past the page's length when the quote continues onto the
 * next page (end - start is always the quote's length, separators between pages included).
 * A selection that starts after the last char of a page is taken to start on the next page, and
 * one that ends before the first char of a page to end on the page before.
 */
export function describePdfSelection(model: PdfTextModel, span: PdfTextSpan): ClipAnchor {
  const range = model.toJoinedRange(span);
  if (!range) {
    throw new RangeError(`describePdfSelection: span ${JSON.stringify(span)} is not inside this document's ${model.pages.length} pages`);
  }
  let { start, end } = range;
  // Past page ends (and blank pages) at the start; back over page starts at the end.
  while (end > start && isPageEnd(model, start)) start += PAGE_SEPARATOR.length;
  while (end > start && isPageEnd(model, end - PAGE_SEPARATOR.length)) end -= PAGE_SEPARATOR.length;
  const at = model.toPagePoint(start);
  const { quote } = describeTextRange(model.text, start, end);
  return {
    quote,
    position: { type: 'TextPositionSelector', start: at.offset, end: at.offset + (end - start) },
    paragraph: paragraphOf(model, start, end),
    page: at.page,
  };
}

/** The paragraph number where the selected text begins (its first visible char). */
function paragraphOf(model: PdfTextModel, start: number, end: number): string | null {
  let at = start;
  while (at < end && isWhitespaceCode(model.text.charCodeAt(at))) at++;
  const point = model.toPagePoint(at);
  return paragraphNumberAt(model.pages, model.positionOf(point.page), point.offset);
}

/**
 * The anchor's old place as a joined offset: its page (or the nearest page this copy has) at its
 * position, clamped to the page. Undefined when the anchor names no page.
 */
function joinedHint(model: PdfTextModel, anchor: ClipAnchor): number | undefined {
  if (anchor.page === undefined || model.pages.length === 0) return undefined;
  let page = model.pages[model.positionOf(anchor.page)];
  if (!page) {
    page = model.pages.reduce((best, p) => (Math.abs(p.page - anchor.page!) < Math.abs(best.page - anchor.page!) ? p : best));
  }
  const offset = Math.max(0, Math.min(anchor.position.start, page.text.length));
  return model.toJoinedOffset(page.page, offset) ?? undefined;
}

/** Re-finds one clip in the document; null when it is not there. */
export function anchorInPdf(model: PdfTextModel, anchor: ClipAnchor): { span: PdfTextSpan; match: TextMatch } | null {
  const match = matchQuote(model.index, anchor.quote, { position: joinedHint(model, anchor) });
  return match && { span: model.toSpan(match.start, match.end), match };
}

export type PdfAnchorOutcome =
  | { status: 'found'; anchor: ClipAnchor; span: PdfTextSpan; match: TextMatch }
  | { status: 'not-found'; anchor: ClipAnchor };

/**
 * Re-finds every clip of a document; one outcome per anchor, in the same order, as anchorAll does
 * for pages. Each clip is matched on its own hint: matchQuotes' drift learning suits web pages
 * edited between visits, but a PDF does not change, and in a document that repeats passages (an
 * agenda pack with a report appended twice) one clip found in the other copy would move the hints
 * of the clips after it there too (seen in tests/bench/pdf-anchoring.bench.ts).
 */
export function anchorAllInPdf(model: PdfTextModel, anchors: readonly ClipAnchor[]): PdfAnchorOutcome[] {
  return anchors.map((anchor) => {
    const found = anchorInPdf(model, anchor);
    return found ? { status: 'found', anchor, ...found } : { status: 'not-found', anchor };
  });
}
