import { pageLinesOf } from '../../anchoring/pdf-types';
import type { PdfPageLines } from './pdf-lines';

/**
 * How a PDF page's text is asked of pdf.js for metadata, wherever the PDF is read (the extension's
 * viewer, the `evident-extract` command): the options of pdf.js's own text layer, so that the
 * text is the one a clip's offsets are taken in.
 */
export const PDF_TEXT_CONTENT_OPTIONS = { includeMarkedContent: true, disableNormalization: true } as const;

/**
 * A page's lines from its text content items (marked-content items have no `str` and are left
 * out). NFKC turns ligatures back into letters ("ﬁndings" → "findings"): metadata reads words.
 */
export function pdfPageLinesOf(page: number, items: ReadonlyArray<object>): PdfPageLines {
  const textItems = items.filter((item): item is { str: string; hasEOL?: boolean } => 'str' in item);
  return { page, lines: pageLinesOf(textItems).normalize('NFKC') };
}
