import type { PdfPageLines } from '../../shared/extract/pdf';
import { PDF_TEXT_CONTENT_OPTIONS, pdfPageLinesOf } from '../../shared/extract/pdf/text-content';
import { DEFAULT_LOADERS, type Loaders } from './loaders';

/**
 * Every page's lines, read as the extension's viewer reads them (extension/viewer/pdf-text.ts):
 * pdf.js's text content with the text layer's options. pdf.js's legacy build is the one that runs
 * in Node. Throws pdf.js's own error for a file it cannot parse (the caller says which file).
 */
export async function readPdfPages(data: Uint8Array, load: Loaders['pdfjs'] = DEFAULT_LOADERS.pdfjs): Promise<PdfPageLines[]> {
  const { getDocument, VerbosityLevel } = await load();
  // pdf.js warns about fonts it works around; the command's stderr is for files it cannot read.
  // It may also take over the bytes it is given (a transfer to its worker), so it gets a copy.
  const task = getDocument({ data: new Uint8Array(data), verbosity: VerbosityLevel.ERRORS });
  try {
    const doc = await task.promise;
    const pages: PdfPageLines[] = [];
    for (let page = 1; page <= doc.numPages; page++) {
      const content = await (await doc.getPage(page)).getTextContent(PDF_TEXT_CONTENT_OPTIONS);
      pages.push(pdfPageLinesOf(page, content.items));
    }
    return pages;
  } finally {
    await task.destroy();
  }
}
