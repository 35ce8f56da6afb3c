/**
 * A PDF's text as one string for the quote matcher: the pages' texts in page order with a single
 * separator between pages, so a quote that runs over a page break is one match, and the
 * matcher's position hint, placed on the hinted page, makes the search look there first and then
 * outward. Built once per document (the TextIndex underneath is the expensive part) and reused for
 * every clip; PDFs do not change, so it never goes stale.
 */
import type { PdfPageBlocks } from './pdf-blocks';
import type { PdfTextSpan } from './pdf-types';
import { prepareText, type TextIndex } from './text-index';

/**
 * Between pages. Whitespace, so the last word of a page and the first of the next stay two words,
 * and the matcher (whitespace-insensitive) reads it as one space wherever the quote was clipped.
 */
export const PAGE_SEPARATOR = '\n';

/** A place in the document: 1-based page and an offset into that page's text. */
export interface PdfTextPoint {
  page: number;
  offset: number;
}

export class PdfTextModel {
  /** The pages in page order (as given, sorted). */
  readonly pages: readonly PdfPageBlocks[];
  /** Every page's text, joined by PAGE_SEPARATOR. */
  readonly text: string;
  readonly index: TextIndex;
  /** Joined offset of each page's first char, by position in `pages`. */
  private readonly starts: Int32Array;
  private readonly positionOfPage = new Map<number, number>();

  constructor(pages: readonly PdfPageBlocks[]) {
    this.pages = [...pages].sort((a, b) => a.page - b.page);
    this.starts = new Int32Array(this.pages.length);
    let at = 0;
    this.pages.forEach((p, i) => {
      if (!Number.isInteger(p.page) || p.page < 1 || this.positionOfPage.has(p.page)) {
        throw new RangeError(`PdfTextModel: page number ${p.page} is not a new 1-based page number`);
      }
      this.positionOfPage.set(p.page, i);
      this.starts[i] = at;
      at += p.text.length + PAGE_SEPARATOR.length;
    });
    this.text = this.pages.map((p) => p.text).join(PAGE_SEPARATOR);
    this.index = prepareText(this.text);
  }

  /** Position of page `page` in `pages`, or -1 when the model has no such page. */
  positionOf(page: number): number {
    return this.positionOfPage.get(page) ?? -1;
  }

  /** Joined offset of `offset` in page `page` (0..page length), or null when there is no such place. */
  toJoinedOffset(page: number, offset: number): number | null {
    const i = this.positionOf(page);
    if (i < 0 || !Number.isInteger(offset) || offset < 0 || offset > this.pages[i]!.text.length) return null;
    return this.starts[i]! + offset;
  }

  /**
   * The page and offset of a joined offset. A separator belongs to the end of the page before it;
   * an `end` boundary right after a separator does too, so a span never ends at offset 0 of a page.
   */
  toPagePoint(joined: number, isEnd = false): PdfTextPoint {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (isEnd ? starts[mid]! < joined : starts[mid]! <= joined) lo = mid;
      else hi = mid - 1;
    }
    const page = this.pages[lo];
    if (!page) throw new RangeError('PdfTextModel: a document without pages has no points');
    return { page: page.page, offset: Math.max(0, Math.min(joined - starts[lo]!, page.text.length)) };
  }

  /** The joined [start, end) of a span; null when it names a page or offset the model lacks. */
  toJoinedRange(span: PdfTextSpan): { start: number; end: number } | null {
    const start = this.toJoinedOffset(span.startPage, span.startOffset);
    const end = this.toJoinedOffset(span.endPage, span.endOffset);
    return start === null || end === null || end < start ? null : { start, end };
  }

  /** The span of a joined [start, end). */
  toSpan(start: number, end: number): PdfTextSpan {
    const from = this.toPagePoint(start);
    const to = end > start ? this.toPagePoint(end, true) : from;
    return { startPage: from.page, startOffset: from.offset, endPage: to.page, endOffset: to.offset };
  }
}

/** Reads a document's pages once for describing and re-anchoring all its clips. */
export function buildPdfTextModel(pages: readonly PdfPageBlocks[]): PdfTextModel {
  return new PdfTextModel(pages);
}
