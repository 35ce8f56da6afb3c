import { AUTHOR_LABEL_SOURCE, formatFrontSheetAuthor, isContactDetail } from '../authors';
import { looksLikeCommittee, readFrontSheetMeeting, type FrontSheetMeeting } from '../committee-date';
import { canonicalName, councilOfAddress, councilOfPrintedAddress, councilOnFrontSheet } from '../council-authority';
import { parseDateAndTime } from '../dates';
import { isOfstedHost, type Publisher } from '../publisher';
import type { FieldSource } from '../field-sources';
import type { PdfLine } from './pdf-lines';
import type { PdfBlockText } from './pdf-text';

/**
 * The front sheet of a council report PDF: the lines above the report's text that name the
 * council, the meeting, the title and the officers. A printed table comes out of pdf.js as lines
 * "Label Value", so labels are recognised by their wording.
 */

export { canonicalName } from '../council-authority';

/** How far down page 1 the council, committee and meeting date are looked for. */
const HEADER_LINES = 12;

// Row labels of council front sheets (St Helens, modern.gov report templates).
const FRONT_SHEET_LABEL = new RegExp(
  '^(?:Cabinet Portfolio|Cabinet Member|Portfolio(?: Holder)?|Corporate Plan|Exempt Report|Reason for Exemption|' +
    'Key Decision|On Public Notice|Wards? Affected|Originating Service Area|Accountable (?:Director|Employee)|' +
    'Report (?:Authors?|of|by|to|from)|Authors?|Lead (?:Officer|Member|Director)|Contact Officer|Responsible Officer|' +
    'Date of (?:the )?(?:meeting|report|decision)|Meeting date|Decision[- ]maker|Classification|Forward Plan|Committee|' +
    'Purpose|(?:Executive )?Summary|Recommendations?|Background|Introduction|Appendices)\\b',
  'i',
);
const NUMBERED_HEADING = /^\d{1,2}\.\s+[A-Z]/;
const AUTHOR_LINE = new RegExp(`^(${AUTHOR_LABEL_SOURCE})\\s+(.+)$`, 'i');
// A post, as printed under an officer's name ("Executive Director – People's Services").
const POST = /\b(?:Director|Executive|Chief|Head|Manager|Officer|Lead|Leader|Assistant|Adviser|Advisor|Commissioner)\b/i;
/** Lines below an author's name that may carry the post, before the contact details run out. */
const POST_LINES = 3;

/** The first lines of page 1, where a front sheet names the council and the meeting. */
export function headerLines(lines: readonly PdfLine[]): PdfLine[] {
  const firstPage = lines[0]?.page;
  return lines.filter((l) => l.page === firstPage).slice(0, HEADER_LINES);
}

/**
 * Ofsted for its own hosts; otherwise the council named at the top of page 1 ("St. Helens
 * Council", alone or before the meeting on the same line), the council whose address the PDF was
 * opened from, or whose web address the text prints.
 */
export function readPdfPublisherWithSource(lines: readonly PdfLine[], url: string): Publisher & { source: FieldSource | null } {
  if (isOfstedHost(url)) return { publisher: 'Ofsted', publisher_kind: 'inspectorate', source: { from: 'the URL’s host', confidence: 'high' } };
  const text = lines.map((l) => l.text).join('\n');
  const council = councilOnFrontSheet(headerLines(lines).map((l) => l.text), text) ?? councilOfAddress(url, text) ?? councilOfPrintedAddress(text);
  return council
    ? { publisher: council.name, publisher_kind: 'local_authority', source: council.source }
    : { publisher: null, publisher_kind: null, source: null };
}

export function readPdfPublisher(lines: readonly PdfLine[], url: string): Publisher {
  const { publisher, publisher_kind } = readPdfPublisherWithSource(lines, url);
  return { publisher, publisher_kind };
}

/**
 * "CABINET" above "Wednesday, 26 February 2020", "HEALTH AND WELLBEING BOARD 20 JUNE 2019" on one
 * line, "Cabinet, 26 February 2020": the meeting at the top of page 1 (a council's name before the
 * committee on the same line is dropped).
 */
export function readPrintedMeeting(lines: readonly PdfLine[]): FrontSheetMeeting | null {
  return readFrontSheetMeeting(headerLines(lines).map((l) => l.text));
}

function endsTitle(text: string): boolean {
  return FRONT_SHEET_LABEL.test(text) || NUMBERED_HEADING.test(text) || /\bis (?:recommended|asked) to\b/i.test(text);
}

/** Title lines wrap in large type; a title longer than this is prose read by mistake. */
const MAX_TITLE_LINES = 4;

/** The report's title: the lines after the meeting header, up to the front sheet's first row. */
export function readPrintedTitle(lines: readonly PdfLine[], meeting: FrontSheetMeeting): string | null {
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
