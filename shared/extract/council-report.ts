import { emptyPageMetadata, type PageMetadata } from '../schema/page-metadata';
import { readReportAuthors } from './authors';
import { readCouncilProse } from './council-prose';
import { parseDateAndTime } from './dates';
import { looksLikeCommittee, readMeetingHeader } from './meeting-header';
import { isModernGovSite } from './moderngov';
import { readPublisher } from './publisher';
import { readRecommendations } from './recommendations';
import { contentHeadings, documentTitle, textOf, unshout } from './text';

/**
 * An HTML rendering of a committee report (modern.gov `documents/s<id>/…`, or a council's own
 * page): it has a "Report by …" line, asks the meeting to do something, or heads itself with the
 * committee and meeting date.
 */
export function isCouncilReport(doc: Document): boolean {
  if (readReportAuthors(doc).length > 0) return true;
  if (readRecommendations(doc).askedBody) return true;
  return readMeetingHeader(doc).committee !== null;
}

/** The report's own title: the first top heading that is not the committee or a date. */
function readReportTitle(doc: Document, committee: string | null): string | null {
  const headings = contentHeadings(doc);
  for (const level of ['H1', 'H2']) {
    const title = headings
      .filter((h) => h.nodeName.toUpperCase() === level)
      .map(textOf)
      .find((text) => text && unshout(text) !== committee && !parseDateAndTime(text));
    if (title) return title;
  }
  return documentTitle(doc);
}

export function extractCouncilReport(doc: Document, url: string): PageMetadata {
  const publisher = readPublisher(doc, url);
  const header = readMeetingHeader(doc);
  const { askedBody, ...prose } = readCouncilProse(doc);
  // "Cabinet is recommended to:" names the meeting when no heading or label does.
  const committee = header.committee ?? (askedBody && looksLikeCommittee(askedBody) ? unshout(askedBody) : null);
  const title = readReportTitle(doc, header.committee);
  return {
    ...emptyPageMetadata(),
    ...publisher,
    platform: isModernGovSite(url) ? 'modern.gov' : null,
    page_type: 'report_document',
    document_type: title && /^(?:draft\s+)?minutes\b/i.test(title) ? 'minutes' : 'committee_report',
    title,
    subject_local_authority: publisher.publisher_kind === 'local_authority' ? publisher.publisher : null,
    committee,
    meeting_date: header.date,
    meeting_time: header.time,
    report_authors: readReportAuthors(doc),
    ...prose,
  };
}
