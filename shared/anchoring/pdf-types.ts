/**
 * A PDF's text as Evident sees it: per page, the text of pdf.js's text items in order
 * (`page.getTextContent()`), joined without separators, which is exactly the text content of the
 * page's `.textLayer` in the viewer (pdf.js renders one span per item and a <br> for each
 * end-of-line, and <br> has no text). Offsets in a page are offsets into this string.
 */
export interface PdfPageText {
  /** 1-based page number. */
  page: number;
  text: string;
}

/** Where a selection in the viewer starts and ends, in page-text coordinates. */
export interface PdfTextSpan {
  startPage: number;
  startOffset: number;
  endPage: number;
  endOffset: number;
}

/** The page text of pdf.js text items: `items.map(i => i.str).join('')`, as the text layer shows. */
export function pageTextOf(items: ReadonlyArray<{ str: string }>): string {
  let text = '';
  for (const item of items) text += item.str;
  return text;
}

/**
 * The same page with a line break where pdf.js marks an end of line (`hasEOL`): for reading and
 * metadata extraction (headings, "Inspection dates:" lines), never for anchoring offsets.
 */
export function pageLinesOf(items: ReadonlyArray<{ str: string; hasEOL?: boolean }>): string {
  let text = '';
  for (const item of items) text += item.hasEOL ? `${item.str}\n` : item.str;
  return text;
}
