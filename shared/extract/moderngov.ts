import { emptyPageMetadata } from '../schema/page-metadata';
import { readCouncilBodies } from './council-authority';
import { readCouncilProse } from './council-prose';
import { parseUkDate } from './dates';
import { type Extraction, extractionOf, type FieldSources } from './field-sources';
import { type FoundMeeting, type MeetingHeader, parseCommitteeDateLine, readFromFrontSheet, readFromHeadings } from './meeting-header';
import { hostnameOf, pathOf, readPublisherWithSource } from './publisher';
import { type BlockText, documentTitle, normaliseSpace, type PageText, textOf } from './text';

/** modern.gov pages Evident reads (their URL patterns below). */
export type ModernGovPage = 'meeting_page' | 'issue_page' | 'agenda_item_page';

const PAGE_BY_FILE: readonly [RegExp, ModernGovPage][] = [
  [/\/ieListDocuments\.aspx$/i, 'meeting_page'],
  [/\/(?:ieIssueDetails|mgIssueHistoryHome)\.aspx$/i, 'issue_page'],
  [/\/mgAi\.aspx$/i, 'agenda_item_page'],
];

/** Sites run on modern.gov: its page and document URL shapes, or its usual host names. */
export function isModernGovSite(url: string): boolean {
  const host = hostnameOf(url);
  if (/^(?:moderngov|democracy|councillors|committees?)\./.test(host) || host.endsWith('.moderngov.co.uk')) return true;
  return /\/(?:(?:ie|mg)\w+\.aspx|documents\/[sgb]\d+\/)/i.test(pathOf(url));
}

// "Meeting: 15/12/2022 - Cabinet (Item 181)" on issue and agenda-item pages.
const MEETING_LINE = /^Meeting:\s*(\d{1,2}\/\d{1,2}\/\d{4})\s*-\s*(.+?)\s*(?:\(Item\s+([^)]+)\))?$/i;
const ISSUE_HEADING = /^Issue\s*-\s*(?:items at\s+)?meetings\b\s*(?:-\s*)?/i;
const AGENDA_ITEM_HEADING = /^Agenda item\b\s*(?:-\s*)?/i;
/** A meeting page's own title: modern.gov heads it "Agenda", "Agenda and minutes", "Minutes", "Decisions". */
const MEETING_PAGE_HEADING = /^(?:Agenda(?: and (?:draft )?minutes)?|(?:Draft |Printed |Approved )?Minutes|Decisions?)$/i;

export function modernGovPageOf(page: PageText, url: string): ModernGovPage | null {
  const byFile = PAGE_BY_FILE.find(([file]) => file.test(pathOf(url)))?.[1];
  if (byFile) return byFile;
  // Without a modern.gov URL (a saved page), its headings and class names still tell.
  if (!page.doc.querySelector('.mgItemTable, .mgSubTitleTxt, .mgAiTitleTxt, .mgMainTitleTxt')) return null;
  const headings = page.headings.map(textOf);
  if (headings.some((h) => ISSUE_HEADING.test(h))) return 'issue_page';
  if (headings.some((h) => AGENDA_ITEM_HEADING.test(h))) return 'agenda_item_page';
  const isMeetingPage = headings.some((h) => MEETING_PAGE_HEADING.test(h) || parseCommitteeDateLine(h));
  return isMeetingPage ? 'meeting_page' : null;
}

export interface MeetingLine extends MeetingHeader {
  item: string | null;
}

/** "Meeting: 15/12/2022 - Cabinet (Item 181)" → committee, date and item; null for any other text. */
export function parseMeetingLine(text: string): MeetingLine | null {
  const match = MEETING_LINE.exec(text);
  if (!match) return null;
  return { committee: normaliseSpace(match[2]!), date: parseUkDate(match[1]!), time: null, item: match[3]?.trim() ?? null };
}

function readMeetingLines(page: PageText): MeetingLine[] {
  const lines = new Map<string, MeetingLine>();
  for (const { text } of page.blocks) {
    const line = parseMeetingLine(text);
    if (line) lines.set(text, line);
  }
  return [...lines.values()];
}

type PageMeeting = MeetingLine & Pick<FoundMeeting, 'from' | 'dateFrom' | 'confidence'>;

/**
 * The meeting a page belongs to. An issue page lists every meeting that took the issue; with more
 * than one the page-level meeting is unknown (null), as the passages each belong to their own.
 */
function readMeeting(page: PageText, kind: ModernGovPage): PageMeeting | null {
  const lines = readMeetingLines(page);
  if (lines.length === 1) return { ...lines[0]!, from: 'the "Meeting:" line', confidence: 'high' };
  if (kind !== 'meeting_page') return null;
  // Meeting pages head the agenda with the committee and the meeting's date: "Cabinet - Thursday,
  // 15th December, 2022 2.30 pm", or the committee above a line with the date; as headings, or as
  // the first lines of the page when a council's skin prints them as paragraphs.
  const heading = readFromHeadings(page) ?? readFromFrontSheet(page);
  if (heading) return { ...heading, item: null };
  // Its <title> says "Agenda for Cabinet on Thursday, …, 2.30 pm - <Council>": that date is the meeting's.
  const agendaFor = /^Agenda(?: and minutes)? for (.+?) on (.+?)(?:\s+[-|]\s+.*)?$/i.exec(documentTitle(page.doc) ?? '');
  const fromTitle = agendaFor ? parseCommitteeDateLine(`${agendaFor[1]} - ${agendaFor[2]}`) : null;
  return fromTitle ? { ...fromTitle, item: null, from: 'the page’s <title> ("Agenda for … on …")', confidence: 'medium' } : null;
}

/** The issue's or item's own title, without modern.gov's "Issue - meetings" / "Agenda item" prefix. */
function readPageTitle(page: PageText, kind: ModernGovPage): string | null {
  const headings = page.headings.map(textOf);
  if (kind === 'meeting_page') {
    return headings.find((h) => MEETING_PAGE_HEADING.test(h)) ?? headings.find((h) => parseCommitteeDateLine(h)) ?? documentTitle(page.doc);
  }
  const prefix = kind === 'issue_page' ? ISSUE_HEADING : AGENDA_ITEM_HEADING;
  const withoutPrefix = (text: string) => normaliseSpace(text.replace(prefix, ''));
  const own = headings.map(withoutPrefix).find((h) => h && !MEETING_LINE.test(h));
  return own ?? (withoutPrefix(documentTitle(page.doc) ?? '') || null);
}

/** "(Item 181)" on the meeting line, else modern.gov's item-number cell ("181."). */
function readItemNumber(doc: Document, meeting: MeetingLine | null): string | null {
  if (meeting?.item) return meeting.item;
  const cell = doc.querySelector('.mgItemNumberCell');
  const number = cell ? textOf(cell).replace(/\.$/, '') : '';
  return /^[\w.]{1,6}$/.test(number) ? number : null;
}

/** Minutes are marked "Minutes:" before the minute text, and record what was "RESOLVED". */
function hasMinutes(page: PageText): boolean {
  return page.blocks.some((b) => /^(?:Minutes:|RESOLVED\b)/.test(b.text));
}

/** What minutes record as "RESOLVED", verbatim (HTML or PDF minutes alike). */
export function readResolutions(page: BlockText): string[] {
  return page.blocks.flatMap((block, index) => {
    const match = /^RESOLVED\b[:\s-]*(?:that:?\s*)?(.*)$/.exec(block.text);
    if (!match) return [];
    return match[1] ? [match[1]] : page.itemsAfter(index);
  });
}

export function extractModernGovPage(page: PageText, url: string, kind: ModernGovPage): Extraction {
  const text = page.blocks.map((b) => b.text).join('\n');
  const bodies = readCouncilBodies(readPublisherWithSource(page.doc, url), [], text, url);
  const meeting = readMeeting(page, kind);
  const prose = readCouncilProse(page);
  // An issue page shows, under each "Meeting:" line, the minute of that meeting's discussion.
  const isMinutes = kind === 'issue_page' || hasMinutes(page);
  const agendaItem = kind === 'meeting_page' ? null : readItemNumber(page.doc, meeting);
  const sources: FieldSources = {
    ...bodies.sources,
    ...prose.sources,
    platform: { from: 'modern.gov’s page names and markup', confidence: 'high' },
    page_type: { from: 'modern.gov’s page names and markup', confidence: 'high' },
    document_type: { from: isMinutes ? 'the minute on the page' : 'a modern.gov page without minutes', confidence: 'medium' },
    title: { from: 'the page’s heading', confidence: 'high' },
  };
  if (meeting?.committee) sources.committee = { from: meeting.from, confidence: meeting.confidence };
  if (meeting?.date) {
    sources.meeting_date = { from: meeting.dateFrom ?? meeting.from, confidence: meeting.confidence };
    if (meeting.time) sources.meeting_time = sources.meeting_date;
  }
  if (agendaItem) sources.agenda_item = { from: meeting?.item ? 'the "Meeting:" line' : 'the item number cell', confidence: 'high' };
  const metadata = {
    ...emptyPageMetadata(),
    publisher: bodies.publisher,
    publisher_kind: bodies.publisher_kind,
    platform: 'modern.gov',
    page_type: kind,
    document_type: isMinutes ? ('minutes' as const) : ('web_page' as const),
    title: readPageTitle(page, kind),
    subject_local_authority: bodies.subject_local_authority,
    committee: meeting?.committee ?? null,
    meeting_date: meeting?.date ?? null,
    meeting_time: meeting?.time ?? null,
    agenda_item: agendaItem,
    ...prose.fields,
    decisions_or_resolutions: readResolutions(page),
  };
  return extractionOf(metadata, 'modern.gov page', 'medium', sources);
}
