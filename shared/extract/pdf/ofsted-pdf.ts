import { emptyPageMetadata, type JudgementRow, type OfstedActivity, type PageMetadata } from '../../schema/page-metadata';
import { readAreasForImprovement } from '../areas-for-improvement';
import { extractionOf, type Extraction, type FieldSource, type FieldSources } from '../field-sources';
import { authorityFromUrl, findAuthorityInText } from '../gazetteer';
import { isOfstedReport, type OfstedDocumentType, ofstedDocumentTypeOf, readOfstedActivity, titleBlock } from '../ofsted-report';
import { hostnameOf, isOfstedHost } from '../publisher';
import type { PdfJudgementTable } from './judgement-table';
import { readJudgementHeadings, withHeadingJudgements } from './judgement-headings';
import { type OfstedFrontPage, readOfstedFrontPage } from './ofsted-front-page';
import type { PdfLine } from './pdf-lines';
import type { PdfBlockText } from './pdf-text';

/** What the Ofsted reader is given: the front pages read as blocks, page 1 alone, the table, and every line. */
export interface OfstedPdfPages {
  text: PdfBlockText;
  firstPage: PdfBlockText;
  table: PdfJudgementTable | null;
  /** Every page's lines, for the judgement headings of the report's sections. */
  allLines: readonly PdfLine[];
}

/**
 * Ofsted prints the title, dates and lead inspector on page 1, and so the letters their heading;
 * the title is also read from page 1's lines, as it often wraps over two or three.
 */
export function isOfstedPdf(firstPage: PdfBlockText, url: string): boolean {
  return isOfstedReport(firstPage, url) || readOfstedFrontPage(firstPage.lines).title !== null;
}

const source = (from: string, confidence: FieldSource['confidence']): FieldSource => ({ from, confidence });

/**
 * The council inspected: as the title names it, or (2018–2020 reports) as printed above the title;
 * else the authority page 1 names most (gazetteer), else the council whose web address the PDF has.
 */
function readSubjectAuthority(front: OfstedFrontPage, firstPage: PdfBlockText, url: string): { name: string | null; source?: FieldSource } {
  const printed = front.authority;
  if (printed?.from === 'title') {
    return { name: printed.name, source: source("the report's title", printed.isKnown ? 'high' : 'medium') };
  }
  if (printed) return { name: printed.name, source: source("the council's name above the title on page 1", printed.isKnown ? 'high' : 'medium') };
  const named = findAuthorityInText(firstPage.lines.map((l) => l.text).join('\n'));
  if (named) return { name: named.name, source: source('the gazetteer match in the first page', 'medium') };
  const fromHost = authorityFromUrl(url);
  return fromHost ? { name: fromHost, source: source("the gazetteer match in the URL's host", 'low') } : { name: null };
}

/**
 * The inspection: dates and lead inspector from page 1's labels, as a report prints them;
 * a letter's from its wording ("the monitoring visit … on 4 and 5 March 2020") and sign-off.
 */
function readActivity(front: OfstedFrontPage, text: PdfBlockText, documentType: OfstedDocumentType): { activity: OfstedActivity; source: FieldSource } {
  const fromText = readOfstedActivity(text, documentType);
  const activity: OfstedActivity = {
    ...fromText,
    dates_as_written: front.dates?.written ?? fromText.dates_as_written,
    start: front.dates ? front.dates.start : fromText.start,
    end: front.dates ? front.dates.end : fromText.end,
    lead_inspector: front.leadInspector ?? fromText.lead_inspector,
  };
  const document = documentType === 'ofsted_ilacs_inspection_report' ? "the report's" : "the letter's";
  if (front.dates && front.leadInspector) return { activity, source: source('the Inspection dates: and Lead inspector: lines on page 1', 'high') };
  const label = front.dates ? 'the Inspection dates: line on page 1' : front.leadInspector ? 'the Lead inspector: line on page 1' : null;
  return { activity, source: source(label ? `${label}, and ${document} wording` : `${document} wording and sign-off`, 'medium') };
}

function readJudgements(pages: OfstedPdfPages): { rows: JudgementRow[] | null; source?: FieldSource } {
  const headings = readJudgementHeadings(pages.allLines);
  const table = pages.table?.rows ?? [];
  const rows = withHeadingJudgements(table, headings);
  if (rows.length === 0) return { rows: null };
  if (rows.length === table.length) return { rows, source: source('the judgement table on page 1', 'high') };
  if (table.length === 0) return { rows, source: source("the judgement headings of the report's sections", 'medium') };
  return { rows, source: source("the judgement table on page 1, completed from the sections' headings", 'medium') };
}

function documentTypeSource(front: OfstedFrontPage): FieldSource {
  return front.title ? source("the report's title", 'high') : source("Ofsted's labels and wording on page 1", 'medium');
}

/**
 * An Ofsted ILACS report or monitoring/focused-visit letter, with where each field came from:
 * page 1's title and labels read as lines (ofsted-front-page.ts), the judgement table, and the
 * readers of the HTML rendering (areas for improvement, a letter's wording) over the PDF's blocks.
 * The publication date is not printed in the PDF: it stays null until the listing page's link
 * supplies it (link-context.ts).
 */
export function extractOfstedPdf(pages: OfstedPdfPages, url: string): Extraction {
  const { text, firstPage } = pages;
  const front = readOfstedFrontPage(firstPage.lines, titleBlock(firstPage)?.text ?? null);
  // Without a title, a judgement table or the report's labels on page 1 still say it is a report:
  // visit letters have neither (a report may speak of an earlier focused visit in the letters' words).
  const isReport = !front.title && (pages.table !== null || front.dates !== null || front.leadInspector !== null);
  const documentType = isReport ? 'ofsted_ilacs_inspection_report' : ofstedDocumentTypeOf(front.title, text);
  const authority = readSubjectAuthority(front, firstPage, url);
  const activity = readActivity(front, text, documentType);
  const judgements = documentType === 'ofsted_ilacs_inspection_report' ? readJudgements(pages) : { rows: pages.table?.rows ?? null };
  const areas = readAreasForImprovement(text, true);
  const metadata: PageMetadata = {
    ...emptyPageMetadata(),
    publisher: 'Ofsted',
    publisher_kind: 'inspectorate',
    platform: isOfstedHost(url) ? hostnameOf(url) : null,
    page_type: 'pdf_report',
    document_type: documentType,
    title: front.title,
    subject_local_authority: authority.name,
    ofsted_activity: activity.activity,
    judgement_table: judgements.rows,
    areas_for_improvement: areas?.items ?? [],
    areas_for_improvement_origin: areas?.origin ?? null,
  };
  const layout = source(front.title ? "Ofsted's title on page 1" : "Ofsted's labels and wording on page 1", front.title ? 'high' : 'medium');
  const fields: FieldSources = {
    publisher: layout,
    publisher_kind: layout,
    platform: source("the URL's host", 'high'),
    page_type: source('the file, a PDF', 'high'),
    document_type: documentTypeSource(front),
    title: source('the title on page 1', 'high'),
    ofsted_activity: activity.source,
    ...(authority.source && { subject_local_authority: authority.source }),
    ...(judgements.source && { judgement_table: judgements.source }),
    ...(areas && {
      areas_for_improvement: source('the items under "What needs to improve"', 'medium'),
      areas_for_improvement_origin: source('the heading of those items', 'medium'),
    }),
  };
  return extractionOf(metadata, 'Ofsted PDF', 'medium', fields);
}
