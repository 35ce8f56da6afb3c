import { emptyPageMetadata, type PageMetadata } from '../../schema/page-metadata';
import { readAreasForImprovement } from '../areas-for-improvement';
import {
  authorityNamedInTitle,
  isOfstedReport,
  ofstedDocumentTypeOf,
  readOfstedActivity,
  titleBlock,
} from '../ofsted-report';
import { hostnameOf, isLocalAuthorityName, isOfstedHost } from '../publisher';
import type { PdfJudgementTable } from './judgement-table';
import type { PdfBlock, PdfBlockText } from './pdf-text';

/** Ofsted prints the title, dates and lead inspector on page 1, and so the letters their heading. */
export function isOfstedPdf(firstPage: PdfBlockText, url: string): boolean {
  return isOfstedReport(firstPage, url);
}

/** Lines above the title that may name the council (older reports: "St Helens Metropolitan Borough" / "Council"). */
const MAX_NAME_LINES = 3;

/**
 * The council inspected: named in the title, or (older reports) printed above it on page 1, in
 * large type that wraps. Only a name that says it is an authority is taken.
 */
function readSubjectAuthority(text: PdfBlockText, title: PdfBlock | null): string | null {
  const named = authorityNamedInTitle(title?.text ?? '');
  if (named || !title) return named;
  const above = text.lines.slice(0, title.firstLine).filter((line) => line.page === title.page);
  if (above.length === 0 || above.length > MAX_NAME_LINES) return null;
  const name = above.map((line) => line.text).join(' ');
  return isLocalAuthorityName(name) && !/[.:;]$/.test(name) ? name : null;
}

/**
 * An Ofsted ILACS report or monitoring/focused-visit letter, from its text: the readers of the HTML
 * rendering (title, labels, sign-off, "What needs to improve") over the PDF's blocks, and the
 * judgement table from its lines. The publication date is not printed in the PDF: it stays null
 * until the listing page's link supplies it (link-context.ts).
 */
export function extractOfstedPdf(
  text: PdfBlockText,
  firstPage: PdfBlockText,
  table: PdfJudgementTable | null,
  url: string,
): PageMetadata {
  const title = titleBlock(firstPage);
  const documentType = ofstedDocumentTypeOf(title?.text ?? null, text);
  const areas = readAreasForImprovement(text, true);
  return {
    ...emptyPageMetadata(),
    publisher: 'Ofsted',
    publisher_kind: 'inspectorate',
    platform: isOfstedHost(url) ? hostnameOf(url) : null,
    page_type: 'pdf_report',
    document_type: documentType,
    title: title?.text ?? null,
    subject_local_authority: readSubjectAuthority(firstPage, title),
    ofsted_activity: readOfstedActivity(text, documentType),
    judgement_table: table?.rows ?? null,
    areas_for_improvement: areas?.items ?? [],
    areas_for_improvement_origin: areas?.origin ?? null,
  };
}
