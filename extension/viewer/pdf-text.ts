import type { PDFDocumentProxy } from 'pdfjs-dist';
import { pdfPageFromTextContent, type PdfPageBlocks } from '../../shared/anchoring';
import { pageLinesOf } from '../../shared/anchoring/pdf-types';

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
    const content = await (await doc.getPage(page)).getTextContent({ includeMarkedContent: true, disableNormalization: true });
    pages.push(pdfPageFromTextContent(page, content.items));
    const textItems = content.items.filter((i): i is (typeof content.items)[number] & { str: string } => 'str' in i);
    // Metadata reads words: NFKC turns ligatures back into letters ("ﬁndings" → "findings").
    lines.push({ page, lines: pageLinesOf(textItems).normalize('NFKC') });
  }
  return { pages, lines, hasText: pages.some((p) => p.text.trim().length > 0) };
}
