import { emptyPageMetadata, type PageMetadata } from '../schema/page-metadata';
import { readReportAuthors } from './authors';
import { readCouncilProse } from './council-prose';
import { parseDateAndTime } from './dates';
import { looksLikeCommittee, readMeetingHeader } from './meeting-header';
import { isModernGovSite } from './moderngov';
import { readPublisher } from './publisher';
import { readRecommendations } from './recommendations';
import { documentTitle, type PageText, textOf, unshout } from './text';

/**
 * An HTML rendering of a committee report (modern.gov `documents/s<id>/…`, or a council's own
 * page): it has a "Report by …" line, asks the meeting to do something, or heads itself with the
 * committee and meeting date.
 */
export function isCouncilReport(page: PageText): boolean {
  if (readReportAuthors(page).length > 0) return true;
  if (readRecommendations(page).askedBody) return true;
  return readMeetingHeader(page).committee !== null;
}

/** The report's own title: the first top heading that is not the committee or a date. */
function readReportTitle(page: PageText, committee: string | null): string | null {
  for (const level of ['H1', 'H2']) {
    const title = page.headings
      .filter((h) => h.nodeName.toUpperCase() === level)
      .map(textOf)
      .find((text) => text && unshout(text) !== committee && !parseDateAndTime(text));
    if (title) return title;
  }
  return documentTitle(page.doc);
}

export function extractCouncilReport(page: PageText, url: string): PageMetadata {
  const publisher = readPublisher(page.doc, url);
  const header = readMeetingHeader(page);
  const { fields: prose, askedBody } = readCouncilProse(page);
  // "Cabinet is recommended to:" names the meeting when no heading or label does.
  const committee = header.committee ?? (askedBody && looksLikeCommittee(askedBody) ? unshout(askedBody) : null);
  const title = readReportTitle(page, header.committee);
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
    report_authors: readReportAuthors(page),
    ...prose,
  };
}
