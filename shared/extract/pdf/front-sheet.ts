import { AUTHOR_LABEL_SOURCE, formatFrontSheetAuthor, isContactDetail } from '../authors';
import { parseDateAndTime } from '../dates';
import { looksLikeCommittee, type MeetingHeader, parseCommitteeDateLine } from '../meeting-header';
import { isOfstedHost, type Publisher, publisherKindOf } from '../publisher';
import { unshout } from '../text';
import type { PdfLine } from './pdf-lines';
import type { PdfBlockText } from './pdf-text';

/**
 * The front sheet of a council report PDF: the lines above the report's text that name the
 * council, the meeting, the title and the officers. A printed table comes out of pdf.js as lines
 * "Label Value", so labels are recognised by their wording.
 */

/** How far down page 1 the council, committee and meeting date are looked for. */
const HEADER_LINES = 12;

// Row labels of council front sheets (St Helens, modern.gov report templates).
const FRONT_SHEET_LABEL = new RegExp(
  '^(?:Cabinet Portfolio|Cabinet Member|Portfolio(?: Holder)?|Corporate Plan|Exempt Report|Reason for Exemption|' +
    'Key Decision|On Public Notice|Wards? Affected|Originating Service Area|Accountable (?:Director|Employee)|' +
    'Report (?:Authors?|of|by|to|from)|Authors?|Lead (?:Officer|Member|Director)|Contact Officer|Responsible Officer|' +
    'Date of (?:meeting|report|decision)|Meeting date|Decision[- ]maker|Classification|Forward Plan|' +
    'Purpose|(?:Executive )?Summary|Recommendations?|Background|Introduction|Appendices)\\b',
  'i',
);
const NUMBERED_HEADING = /^\d{1,2}\.\s+[A-Z]/;
const AUTHOR_LINE = new RegExp(`^(${AUTHOR_LABEL_SOURCE})\\s+(.+)$`, 'i');
// A post, as printed under an officer's name ("Executive Director – People's Services").
const POST = /\b(?:Director|Executive|Chief|Head|Manager|Officer|Lead|Leader|Assistant|Adviser|Advisor|Commissioner)\b/i;
/** Lines below an author's name that may carry the post, before the contact details run out. */
const POST_LINES = 3;
// "St. Helens Council": an organisation's name, alone on a line. "Full Council" is a meeting.
const COUNCIL_NAME = /^(?!(?:Full|The|County|City|Borough) Council$)[A-Z][\w.'’ &-]{1,60}\bCouncil$/;

/** Councils write their own names without the full stop ("St Helens Council", GOV.UK style). */
export function canonicalName(name: string): string {
  return name.replace(/\bSt\.\s/g, 'St ');
}

function headerLines(lines: readonly PdfLine[]): PdfLine[] {
  const firstPage = lines[0]?.page;
  return lines.filter((l) => l.page === firstPage).slice(0, HEADER_LINES);
}

/** Ofsted for its own hosts; otherwise the council named alone on a line at the top of page 1. */
export function readPdfPublisher(lines: readonly PdfLine[], url: string): Publisher {
  if (isOfstedHost(url)) return { publisher: 'Ofsted', publisher_kind: 'inspectorate' };
  const line = headerLines(lines).find((l) => COUNCIL_NAME.test(l.text));
  const name = line ? canonicalName(line.text) : null;
  return { publisher: name, publisher_kind: name ? publisherKindOf(name) : null };
}

export interface PrintedMeeting extends MeetingHeader {
  /** Index of the last line of the committee/date header, where the report's title starts. */
  lastLine: number;
}

/**
 * "CABINET" above "Wednesday, 26 February 2020", or "Cabinet, 26 February 2020" on one line, at the
 * top of page 1. The council's own name ("St. Helens Council") looks like a committee and is skipped.
 */
export function readPrintedMeeting(lines: readonly PdfLine[], publisher: string | null): PrintedMeeting | null {
  const top = headerLines(lines);
  for (const [i, line] of top.entries()) {
    const oneLine = parseCommitteeDateLine(line.text);
    if (oneLine) return { ...oneLine, lastLine: i };
    if (!looksLikeCommittee(line.text) || canonicalName(line.text) === publisher) continue;
    const when = parseDateAndTime(top[i + 1]?.text ?? '');
    if (when) return { committee: unshout(line.text), ...when, lastLine: i + 1 };
  }
  return null;
}

function endsTitle(text: string): boolean {
  return FRONT_SHEET_LABEL.test(text) || NUMBERED_HEADING.test(text) || /\bis (?:recommended|asked) to\b/i.test(text);
}

/** Title lines wrap in large type; a title longer than this is prose read by mistake. */
const MAX_TITLE_LINES = 4;

/** The report's title: the lines after the meeting header, up to the front sheet's first row. */
export function readPrintedTitle(lines: readonly PdfLine[], meeting: PrintedMeeting): string | null {
  const title: string[] = [];
  for (const line of lines.slice(meeting.lastLine + 1)) {
    if (endsTitle(line.text) || parseDateAndTime(line.text)) break;
    title.push(line.text);
    if (/[.:;]$/.test(line.text) || title.length > MAX_TITLE_LINES) return null;
  }
  return title.length > 0 ? title.join(' ') : null;
}

/**
 * "Accountable Employee Sarah O'Brien", then the post, e-mail and phone on the lines below, as
 * "Name, Post (Label)" like the HTML front-sheet reader (authors.ts).
 */
export function readFrontSheetAuthors(lines: readonly PdfLine[]): string[] {
  const authors: string[] = [];
  lines.forEach((line, i) => {
    const match = AUTHOR_LINE.exec(line.text);
    if (!match || isContactDetail(match[2]!)) return;
    const below = lines.slice(i + 1, i + 1 + POST_LINES).map((l) => l.text);
    const rowEnd = below.findIndex((text) => FRONT_SHEET_LABEL.test(text));
    const post = (rowEnd < 0 ? below : below.slice(0, rowEnd)).find((text) => !isContactDetail(text) && POST.test(text));
    authors.push(formatFrontSheetAuthor(match[1]!, match[2]!, post ?? null));
  });
  return authors;
}

// "Date of meeting: 12 March 2020": a label and its value, not a heading.
const LABEL_AND_VALUE = /^[^:]{1,40}:\s/;

/**
 * The first heading-like block of page 1 that is not the council's name, a committee, a date or a
 * labelled row: the title of a report whose front sheet has no committee-and-date header.
 */
export function readFirstHeading(text: PdfBlockText, publisher: string | null): string | null {
  const firstPage = text.blocks[0]?.page;
  const heading = text.blocks.find(
    ({ page, isHeading, text: block }) =>
      page === firstPage &&
      isHeading &&
      canonicalName(block) !== publisher &&
      !looksLikeCommittee(block) &&
      !parseDateAndTime(block) &&
      !LABEL_AND_VALUE.test(block) &&
      !FRONT_SHEET_LABEL.test(block),
  );
  return heading?.text ?? null;
}
