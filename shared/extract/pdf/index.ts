/**
 * Page metadata of a PDF, read from its text: Ofsted ILACS reports and visit letters,
 * and council report PDFs, with the same keys as HTML pages (schema/page-metadata.ts). Pure: it
 * receives each page's lines (`pageLinesOf` of pdf.js text items), never pdf.js itself. What the
 * PDF does not print (an Ofsted report's publication date, often a report's meeting) stays null;
 * the page that linked to the PDF may supply it (../link-context.ts).
 */
import { emptyPageMetadata, type PageMetadata } from '../../schema/page-metadata';
import { extractionOf, type Extraction } from '../field-sources';
import { hostnameOf, isOfstedHost } from '../publisher';
import { extractCouncilPdfWithSources, isCouncilPdf } from './council-pdf';
import { readFirstHeading, readPdfPublisher } from './front-sheet';
import { type PdfJudgementTable, readPdfJudgementTable } from './judgement-table';
import { extractOfstedPdf, isOfstedPdf } from './ofsted-pdf';
import { type PdfPageLines, readPdfLines } from './pdf-lines';
import { type PdfBlockText, readPdfBlockText } from './pdf-text';

export type { PdfPageLines } from './pdf-lines';

/**
 * Pages read for metadata. Title, front sheet, judgement table, "What needs to improve" and a
 * report's recommendations come in the first pages; later pages of a council report are often
 * appendices (the Ofsted letter itself, the plan), whose dates and titles are not the report's.
 */
const FRONT_PAGES = 4;
/** Visit letters are signed at the end ("Yours sincerely"), and are short. */
const LETTER_PAGES = 10;

interface ReadPages {
  text: PdfBlockText;
  /** The first page with text alone: where Ofsted prints what identifies its reports and letters. */
  firstPage: PdfBlockText;
  table: PdfJudgementTable | null;
}

function readPages(pages: readonly PdfPageLines[], pageLimit: number): ReadPages {
  const lines = readPdfLines(pages, pageLimit);
  const table = readPdfJudgementTable(lines);
  const skip = table ? [table.lines] : [];
  // Page 1's lines lead the list, so line indexes (and the table's) hold for both.
  const firstPageLines = lines.filter((l) => l.page === lines[0]?.page);
  return { text: readPdfBlockText(lines, skip), firstPage: readPdfBlockText(firstPageLines, skip), table };
}

/** An Ofsted PDF: a report from its front pages, a letter (signed at its end) from more. */
function extractOfstedPdfPages(ordered: readonly PdfPageLines[], front: ReadPages, url: string): Extraction {
  const allLines = readPdfLines(ordered, ordered.length);
  const report = extractOfstedPdf({ ...front, allLines }, url);
  if (report.metadata.document_type === 'ofsted_ilacs_inspection_report') return report;
  return extractOfstedPdf({ ...readPages(ordered, LETTER_PAGES), allLines }, url);
}

/** A PDF no reader recognises: who published it, and the heading it starts with. */
function extractOtherPdf(text: PdfBlockText, url: string): PageMetadata {
  const publisher = readPdfPublisher(text.lines, url);
  return {
    ...emptyPageMetadata(),
    ...publisher,
    platform: isOfstedHost(url) ? hostnameOf(url) : null,
    page_type: 'pdf_document',
    title: readFirstHeading(text, publisher.publisher),
  };
}

/** `pages`: every page's lines in order (only the first few are read, see FRONT_PAGES). */
export function extractPdfWithSources(pages: ReadonlyArray<PdfPageLines>, url: string): Extraction {
  const ordered = [...pages].sort((a, b) => a.page - b.page);
  const front = readPages(ordered, FRONT_PAGES);
  if (isOfstedPdf(front.firstPage, url)) return extractOfstedPdfPages(ordered, front, url);
  if (isCouncilPdf(front.text)) {
    // A council report often appends Ofsted's letter after its own pages: its table, areas and lead
    // inspector are read from the whole file, only where the report's own pages lack them.
    const whole = readPdfBlockText(readPdfLines(ordered, ordered.length));
    return extractCouncilPdfWithSources(front.text, front.table, url, whole);
  }
  return extractionOf(extractOtherPdf(front.text, url), 'PDF', 'low');
}

export function extractPdfMetadata(pages: ReadonlyArray<PdfPageLines>, url: string): PageMetadata {
  return extractPdfWithSources(pages, url).metadata;
}
