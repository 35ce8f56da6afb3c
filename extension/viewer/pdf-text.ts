import type { PDFDocumentProxy } from 'pdfjs-dist';
import { pdfPageFromTextContent, type PdfPageBlocks } from '../../shared/anchoring';
import { PDF_TEXT_CONTENT_OPTIONS, pdfPageLinesOf } from '../../shared/extract/pdf/text-content';

export interface PdfText {
  /** Per page, the text exactly as the text layer shows it (anchoring offsets), with block starts. */
  pages: PdfPageBlocks[];
  /** Per page, with line breaks (metadata extraction). */
  lines: Array<{ page: number; lines: string }>;
  /** false when no page has text: a scanned PDF. */
  hasText: boolean;
}

/**
 * Every page's text, read once. The options are those pdf.js's viewer uses for its text layer, so
 * offsets match the layer exactly (with normalisation on, ligatures such as "ﬁ" become two letters
 * and offsets drift).
 */
export async function readPdfText(doc: PDFDocumentProxy): Promise<PdfText> {
  const pages: PdfPageBlocks[] = [];
  const lines: Array<{ page: number; lines: string }> = [];
  for (let page = 1; page <= doc.numPages; page++) {
    // The same options and lines as `evident-extract`, so both read a PDF alike.
    const content = await (await doc.getPage(page)).getTextContent(PDF_TEXT_CONTENT_OPTIONS);
    pages.push(pdfPageFromTextContent(page, content.items));
    lines.push(pdfPageLinesOf(page, content.items));
  }
  return { pages, lines, hasText: pages.some((p) => p.text.trim().length > 0) };
}
