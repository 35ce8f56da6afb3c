import { emptyPageMetadata } from '../schema/page-metadata';
import { readReportAuthorsWithSource } from './authors';
import { readCouncilBodies } from './council-authority';
import { readCouncilProse } from './council-prose';
import { firstCouncilMarker } from './council-markers';
import { parseDateAndTime } from './dates';
import { type Extraction, extractionOf, type FieldSources } from './field-sources';
import { looksLikeCommittee, readMeetingHeader } from './meeting-header';
import { isModernGovSite } from './moderngov';
import { titleBlock } from './ofsted-report';
import { readPublisherWithSource } from './publisher';
import { documentTitle, type PageText, textOf, unshout } from './text';

/** Lines at the head of a page where a front sheet prints the council and the meeting. */
const FRONT_SHEET_LINES = 12;

/**
 * A committee report (modern.gov `documents/s<id>/…`, or a council's own page): it carries what
 * council reports carry (a "Report by" line, a meeting on its front sheet, what the meeting is asked
 * to do, the sections councils' templates have), and carries it before any Ofsted report it
 * appends: the council's covering report comes first, the Ofsted letter after it.
 */
export function isCouncilReport(page: PageText): boolean {
  const marker = firstCouncilMarker(page);
  if (marker === null) return false;
  const ofstedTitle = titleBlock(page);
  return ofstedTitle === null || marker < page.blocks.indexOf(ofstedTitle);
}

/** The report's own title: the first top heading that is not the committee or a date. */
function readReportTitle(page: PageText, committee: string | null): { title: string | null; from: string } {
  for (const level of ['H1', 'H2']) {
    const title = page.headings
      .filter((h) => h.nodeName.toUpperCase() === level)
      .map(textOf)
      .find((text) => text && unshout(text) !== committee && !parseDateAndTime(text));
    if (title) return { title, from: `the page’s ${level.toLowerCase()} heading` };
  }
  return { title: documentTitle(page.doc), from: 'the page’s <title>' };
}

export function extractCouncilReport(page: PageText, url: string): Extraction {
  const text = page.blocks.map((b) => b.text).join('\n');
  const frontLines = page.blocks.flatMap((b) => b.lines).slice(0, FRONT_SHEET_LINES);
  const bodies = readCouncilBodies(readPublisherWithSource(page.doc, url), frontLines, text, url);
  const meeting = readMeetingHeader(page);
  const prose = readCouncilProse(page);
  const authors = readReportAuthorsWithSource(page);
  const sources: FieldSources = { ...bodies.sources, ...meeting.sources, ...prose.sources };
  // "Cabinet is recommended to:" names the meeting when no heading or label does.
  let committee = meeting.committee;
  if (!committee && prose.askedBody && looksLikeCommittee(prose.askedBody)) {
    committee = unshout(prose.askedBody);
    sources.committee = { from: 'the "… is recommended to:" line', confidence: 'low' };
  }
  const { title, from: titleFrom } = readReportTitle(page, meeting.committee);
  sources.title = { from: titleFrom, confidence: titleFrom.includes('<title>') ? 'low' : 'high' };
  if (authors.from) sources.report_authors = { from: authors.from, confidence: 'high' };
  const isMinutes = title !== null && /^(?:draft\s+)?minutes\b/i.test(title);
  sources.document_type = { from: isMinutes ? 'the title ("Minutes")' : 'a council report’s front sheet and sections', confidence: 'medium' };
  const metadata = {
    ...emptyPageMetadata(),
    publisher: bodies.publisher,
    publisher_kind: bodies.publisher_kind,
    platform: isModernGovSite(url) ? 'modern.gov' : null,
    page_type: 'report_document',
    document_type: isMinutes ? ('minutes' as const) : ('committee_report' as const),
    title,
    subject_local_authority: bodies.subject_local_authority,
    committee,
    meeting_date: meeting.date,
    meeting_time: meeting.time,
    report_authors: authors.authors,
    ...prose.fields,
  };
  return extractionOf(metadata, 'council report', 'medium', sources);
}
