import { emptyPageMetadata, type PageMetadata } from '../../schema/page-metadata';
import { readReportByLines } from '../authors';
import { readCouncilProseOf } from '../council-prose';
import { combineMeetingHeaders, looksLikeCommittee, readMeetingFromLabels } from '../meeting-header';
import { isModernGovSite, readResolutions } from '../moderngov';
import { readRecommendations } from '../recommendations';
import { unshout } from '../text';
import {
  readFirstHeading,
  readFrontSheetAuthors,
  readPdfPublisher,
  readPrintedMeeting,
  readPrintedTitle,
} from './front-sheet';
import type { PdfJudgementTable } from './judgement-table';
import type { PdfBlockText } from './pdf-text';

function readAuthors(text: PdfBlockText): string[] {
  const reportBy = readReportByLines(text);
  return reportBy.length > 0 ? reportBy : readFrontSheetAuthors(text.lines);
}

/**
 * A council report PDF: it names its authors, asks the meeting to do something, or heads itself
 * with the committee and meeting date (as isCouncilReport does for HTML).
 */
export function isCouncilPdf(text: PdfBlockText): boolean {
  if (readAuthors(text).length > 0 || readRecommendations(text).askedBody) return true;
  return readMeetingFromLabels(text).committee !== null || readPrintedMeeting(text.lines, null) !== null;
}

/**
 * Committee, meeting, title and authors from the front sheet; what the report says about Ofsted
 * and what it asks of the meeting from its prose, by the same readers as the HTML rendering.
 */
export function extractCouncilPdf(text: PdfBlockText, table: PdfJudgementTable | null, url: string): PageMetadata {
  const publisher = readPdfPublisher(text.lines, url);
  const printed = readPrintedMeeting(text.lines, publisher.publisher);
  const header = combineMeetingHeaders([readMeetingFromLabels(text), printed]);
  const { fields: prose, askedBody } = readCouncilProseOf(text, table?.rows ?? null);
  // "Cabinet is recommended to:" names the meeting when no heading or label does.
  const committee = header.committee ?? (askedBody && looksLikeCommittee(askedBody) ? unshout(askedBody) : null);
  const title =
    (printed ? readPrintedTitle(text.lines, printed) : null) ??
    readFirstHeading(text, publisher.publisher);
  const isMinutes = title !== null && /^(?:draft\s+|printed\s+)?minutes\b/i.test(title);
  return {
    ...emptyPageMetadata(),
    ...publisher,
    platform: isModernGovSite(url) ? 'modern.gov' : null,
    page_type: 'report_document',
    document_type: isMinutes ? 'minutes' : 'committee_report',
    title,
    subject_local_authority: publisher.publisher_kind === 'local_authority' ? publisher.publisher : null,
    committee,
    meeting_date: header.date,
    meeting_time: header.time,
    report_authors: readAuthors(text),
    ...prose,
    decisions_or_resolutions: isMinutes ? readResolutions(text) : [],
  };
}
