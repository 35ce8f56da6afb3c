import { emptyPageMetadata, type PageMetadata } from '../../schema/page-metadata';
import { readReportByLines } from '../authors';
import { readCouncilBodies } from '../council-authority';
import { firstCouncilMarker } from '../council-markers';
import { readAreasForImprovement } from '../areas-for-improvement';
import { readCouncilInspection } from '../council-inspection';
import { type CouncilProse, readCouncilProseOf, type ReadTable } from '../council-prose';
import { type Extraction, extractionOf, type FieldSource, type FieldSources } from '../field-sources';
import { readJudgementLines } from '../judgement-tables';
import { combineMeetings, type FoundMeeting, looksLikeCommittee, readMeetingFromLabels } from '../meeting-header';
import { isModernGovSite, readResolutions } from '../moderngov';
import { readRecommendations } from '../recommendations';
import { unshout } from '../text';
import { headerLines, readFirstHeading, readFrontSheetAuthors, readPdfPublisherWithSource, readPrintedMeeting, readPrintedTitle } from './front-sheet';
import type { PdfJudgementTable } from './judgement-table';
import type { PdfBlockText } from './pdf-text';

function readAuthors(text: PdfBlockText): { authors: string[]; from: string | null } {
  const reportBy = readReportByLines(text);
  if (reportBy.length > 0) return { authors: reportBy, from: 'the Report by line' };
  const frontSheet = readFrontSheetAuthors(text.lines);
  return { authors: frontSheet, from: frontSheet.length > 0 ? 'the front sheet’s author row' : null };
}

/**
 * A council report PDF: it names its authors, asks the meeting to do something, heads itself with
 * the committee and meeting date, or is laid out in a council report's sections (council-markers.ts),
 * as isCouncilReport does for HTML.
 */
export function isCouncilPdf(text: PdfBlockText): boolean {
  if (readAuthors(text).authors.length > 0 || readRecommendations(text).askedBody) return true;
  if (readPrintedMeeting(text.lines) !== null || readMeetingFromLabels(text)?.committee) return true;
  return firstCouncilMarker(text) !== null;
}

/** The judgement table: as the PDF reader found it under Ofsted's header, else in any form (judgement-tables.ts). */
function readTable(text: PdfBlockText, table: PdfJudgementTable | null): ReadTable | null {
  if (table) return { rows: table.rows, source: { from: 'the Judgement | Grade table', confidence: 'high' } };
  const lines = readJudgementLines(text.lines.map((l) => l.text));
  return lines ? { rows: lines.rows, source: { from: 'judgement rows in the text', confidence: 'high' } } : null;
}

/**
 * What a council report's appendices add: councils attach Ofsted's letter after their report, and
 * its judgement table, "What needs to improve" and lead inspector are the inspection's. Only those
 * are read from `whole` (every page), and only where the report's own pages lack them: the
 * appendices' dates and titles are not the report's.
 */
function withAppendices(prose: CouncilProse, whole: PdfBlockText | null): CouncilProse {
  if (!whole) return prose;
  const fields = { ...prose.fields };
  const sources = { ...prose.sources };
  const appended = (from: string): FieldSource => ({ from: `${from} (in an appendix)`, confidence: 'medium' });
  const table = fields.judgement_table ? null : readTable(whole, null);
  if (table) {
    fields.judgement_table = table.rows;
    sources.judgement_table = appended(table.source.from);
  }
  const areas = fields.areas_for_improvement.length > 0 ? null : readAreasForImprovement(whole, false);
  if (areas) {
    fields.areas_for_improvement = areas.items;
    fields.areas_for_improvement_origin = areas.origin;
    sources.areas_for_improvement = sources.areas_for_improvement_origin = appended(areas.from);
  }
  const activity = fields.ofsted_activity;
  const leadInspector = activity && !activity.lead_inspector ? readCouncilInspection(whole).activity?.lead_inspector : null;
  if (activity && leadInspector) fields.ofsted_activity = { ...activity, lead_inspector: leadInspector };
  return { ...prose, fields, sources };
}

/**
 * Committee, meeting, title and authors from the front sheet; what the report says about Ofsted
 * and what it asks of the meeting from its prose, by the same readers as the HTML rendering.
 * `text` is the report's first pages; `whole`, when given, every page (see withAppendices).
 */
export function extractCouncilPdfWithSources(
  text: PdfBlockText,
  table: PdfJudgementTable | null,
  url: string,
  whole: PdfBlockText | null = null,
): Extraction {
  const fullText = text.lines.map((l) => l.text).join('\n');
  const declared = readPdfPublisherWithSource(text.lines, url);
  const bodies = readCouncilBodies(declared, headerLines(text.lines).map((l) => l.text), fullText, url);
  const printed = readPrintedMeeting(text.lines);
  const printedFound: FoundMeeting | null = printed && {
    ...printed,
    from: printed.form === 'one line' ? 'the front sheet’s first line' : 'the front sheet’s committee and date lines',
    confidence: 'medium',
  };
  const meeting = combineMeetings([readMeetingFromLabels(text), printedFound]);
  const prose = withAppendices(readCouncilProseOf(text, readTable(text, table)), whole);
  const authors = readAuthors(text);
  const sources: FieldSources = { ...bodies.sources, ...meeting.sources, ...prose.sources };
  // "Cabinet is recommended to:" names the meeting when no heading or label does.
  let committee = meeting.committee;
  if (!committee && prose.askedBody && looksLikeCommittee(prose.askedBody)) {
    committee = unshout(prose.askedBody);
    sources.committee = { from: 'the "… is recommended to:" line', confidence: 'low' };
  }
  const printedTitle = printed ? readPrintedTitle(text.lines, printed) : null;
  const title = printedTitle ?? readFirstHeading(text, bodies.publisher);
  if (title) sources.title = { from: printedTitle ? 'the lines under the front sheet’s meeting' : 'the first heading of page 1', confidence: 'medium' };
  if (authors.from) sources.report_authors = { from: authors.from, confidence: 'high' };
  const isMinutes = title !== null && /^(?:draft\s+|printed\s+)?minutes\b/i.test(title);
  sources.document_type = { from: isMinutes ? 'the title ("Minutes")' : 'a council report’s front sheet and sections', confidence: 'medium' };
  const metadata: PageMetadata = {
    ...emptyPageMetadata(),
    publisher: bodies.publisher,
    publisher_kind: bodies.publisher_kind,
    platform: isModernGovSite(url) ? 'modern.gov' : null,
    page_type: 'report_document',
    document_type: isMinutes ? 'minutes' : 'committee_report',
    title,
    subject_local_authority: bodies.subject_local_authority,
    committee,
    meeting_date: meeting.date,
    meeting_time: meeting.time,
    report_authors: authors.authors,
    ...prose.fields,
    decisions_or_resolutions: isMinutes ? readResolutions(text) : [],
  };
  return extractionOf(metadata, 'council report PDF', 'medium', sources);
}

/** The metadata alone (pdf/index.ts); extractCouncilPdfWithSources says where each field was read. */
export function extractCouncilPdf(text: PdfBlockText, table: PdfJudgementTable | null, url: string): PageMetadata {
  return extractCouncilPdfWithSources(text, table, url).metadata;
}
