import { type DateRange, findDateSpan } from '../dates';
import { authorityNamed } from '../gazetteer';
import { authorityNamedInTitle, isOfstedTitle } from '../ofsted-report';
import { isLocalAuthorityName } from '../publisher';
import { normaliseSpace } from '../text';
import type { PdfLine } from './pdf-lines';

/**
 * What Ofsted prints at the top of page 1 of every ILACS report, read line by line, as the words
 * Ofsted always uses: the title ("Inspection of <council> local authority children's services",
 * wrapped over up to three lines; 2018–2020: the council's name above "Inspection of children's
 * social care services"), "Inspection dates:" and "Lead inspector:". Page 1 is short lines in large
 * type, which the paragraph reader (pdf-text.ts) would join or split; lines are what pdf.js gives.
 */
export interface OfstedFrontPage {
  title: string | null;
  /** The council as the title names it ("Nottingham City"), or as printed above the title. */
  authority: { name: string; from: 'title' | 'above the title'; isKnown: boolean } | null;
  /** The "Inspection dates:" value as printed, and its first and last day. */
  dates: (DateRange & { written: string }) | null;
  /** "Name, His Majesty's Inspector" as printed (name and role joined by a comma when on two lines). */
  leadInspector: string | null;
}

/** A title wraps over at most this many lines. */
const MAX_TITLE_LINES = 4;
/**
 * A report's title is at the top of page 1, under at most a running header and the council's name;
 * a letter's under Ofsted's address and the date. Lower down, a title stands alone: a line carrying
 * on a sentence ("…the findings of the recent" / "Inspection of Children's Services.") is prose.
 */
const MAX_LINES_ABOVE_TITLE = 6;
const RUNS_ON = /\b\p{Ll}+$/u;
/** The council's name above an older report's title wraps over at most this many lines. */
const MAX_NAME_LINES = 3;
// A title ends with the service's name, and no full stop.
const TITLE_END = /\bservices$/i;

const LABELS = /\b(?:Inspection dates?|Dates? of (?:the )?inspection|Lead inspectors?)\s*:/gi;
const LABEL_START = /^(?:Inspection dates?|Dates? of (?:the )?inspection|Lead inspectors?)\s*:/i;
const DATES_LABEL = /^(?:Inspection dates?|Dates? of (?:the )?inspection)\s*:\s*/i;
const LEAD_LABEL = /^Lead inspectors?\s*:\s*/i;
// The role printed after or under a lead inspector's name.
const ROLE = /^(?:(?:Senior\s+)?(?:His|Her)\s+Majesty[’']s\s+Inspector|HMI|Ofsted Inspector|(?:Social Care\s+)?Regulatory Inspector)\b/i;
// A value that the line break cut: "…, His Majesty’s" / "Inspector", "A, HMI, and" / "B, HMI".
const UNFINISHED = /(?:,|\band|\bto|[-–—]|\bHis|\bHer|Majesty[’']s)$/i;
/** Lines a value may run on to: a date span cut by the line end, or several lead inspectors. */
const MAX_MORE_LINES = 3;

/** A line of page 1, or the part of it from a label on. */
type Segment = { text: string };

/** Page 1's lines with each label starting a line of its own ("… 2022 Lead inspector: …" split in two). */
function labelledSegments(lines: readonly PdfLine[]): Segment[] {
  return lines.flatMap((line) => {
    const starts = [0, ...Array.from(line.text.matchAll(LABELS), (m) => m.index).filter((i) => i > 0)];
    return starts.map((start, k) => ({ text: line.text.slice(start, starts[k + 1]).trim() }));
  });
}

/** Lines read as one: a name hyphenated at a line end ("Stockton-on-" / "Tees") stays whole. */
function joinLines(texts: readonly string[]): string {
  return normaliseSpace(texts.reduce((joined, text) => (!joined ? text : /\p{L}-$/u.test(joined) ? joined + text : `${joined} ${text}`), ''));
}

interface Title {
  text: string;
  /** Index of its first line. */
  first: number;
}

function readTitle(lines: readonly PdfLine[]): Title | null {
  for (let first = 0; first < lines.length; first++) {
    if (first > MAX_LINES_ABOVE_TITLE && RUNS_ON.test(lines[first - 1]!.text)) continue;
    if (!/^(?:Inspection of|(?:Monitoring|Focused) visit (?:to|of|at))\b/i.test(lines[first]!.text)) continue;
    for (let last = first; last < Math.min(lines.length, first + MAX_TITLE_LINES); last++) {
      const text = joinLines(lines.slice(first, last + 1).map((l) => l.text));
      if (isOfstedTitle(text) && TITLE_END.test(text)) return { text, first };
    }
  }
  return null;
}

/** The council's name printed above the title (older reports): the last one to three lines, if the gazetteer knows them. */
function readNameAbove(lines: readonly PdfLine[], title: Title): string | null {
  const above = lines.slice(Math.max(0, title.first - MAX_NAME_LINES), title.first).map((l) => l.text);
  for (let from = 0; from < above.length; from++) {
    const name = joinLines(above.slice(from));
    if (authorityNamed(name)) return name;
  }
  return null;
}

function readAuthority(lines: readonly PdfLine[], title: Title | null): OfstedFrontPage['authority'] {
  if (!title) return null;
  const named = authorityNamedInTitle(title.text);
  if (named) return { name: named, from: 'title', isKnown: authorityNamed(named) !== null };
  const above = readNameAbove(lines, title);
  if (above) return { name: above, from: 'above the title', isKnown: true };
  // A council the gazetteer does not know yet, if the line above says it is one ("Example Borough Council").
  const line = lines[title.first - 1]?.text ?? '';
  return isLocalAuthorityName(line) && line.length <= 80 && !/[.:;]$/.test(line) ? { name: line, from: 'above the title', isKnown: false } : null;
}

/** A label's value: the rest of its line, and the next lines while `needsMore` says it is cut short. */
function labelValue(segments: readonly Segment[], label: RegExp, needsMore: (value: string, next: string) => boolean): { value: string } | null {
  const at = segments.findIndex((s) => label.test(s.text));
  if (at < 0) return null;
  let value = segments[at]!.text.replace(label, '').trim();
  for (let next = at + 1; next < segments.length && next - at <= MAX_MORE_LINES; next++) {
    const text = segments[next]!.text;
    if (LABEL_START.test(text) || !needsMore(value, text)) break;
    value = value ? `${value} ${text}` : text;
  }
  return value ? { value: normaliseSpace(value) } : null;
}

/** The value runs on when the line ends mid-span ("23 September 2019 to 4 October" / "2019"). */
function datesNeedMore(value: string, next: string): boolean {
  if (!value || UNFINISHED.test(value)) return true;
  const span = findDateSpan(value);
  const reachesEnd = span !== null && span.index + span.written.length >= value.length;
  return !reachesEnd && /^\d/.test(next);
}

function leadNeedsMore(value: string, next: string): boolean {
  return !value || UNFINISHED.test(value) || ROLE.test(next) || /^and\s/i.test(next);
}

// A day whose two digits the text layer printed apart ("1 9 June 2019"): no one writes two days so.
const SPACED_DAY = /\b([0-3]) (\d)(?=\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b)/g;

function readDates(segments: readonly Segment[]): OfstedFrontPage['dates'] {
  const found = labelValue(segments, DATES_LABEL, datesNeedMore);
  const span = found ? findDateSpan(found.value.replace(SPACED_DAY, '$1$2')) : null;
  return found && span ? { written: found.value, start: span.start, end: span.end } : null;
}

/** "Name" and "Her Majesty's Inspector" on two lines become "Name, Her Majesty's Inspector", as on one. */
function withRoleJoined(value: string): string {
  return value.replace(/([^,\s])\s+((?:Senior\s+)?(?:His|Her)\s+Majesty[’']s\s+Inspector|HMI)\b/g, '$1, $2');
}

function readLeadInspector(segments: readonly Segment[]): string | null {
  const found = labelValue(segments, LEAD_LABEL, leadNeedsMore);
  // A name and its role; the table's header, were the text layer to put it on the same line, is not.
  return found ? withRoleJoined(found.value.replace(/\s+Judgements?\s+Grades?$/i, '')) : null;
}

/**
 * `headingTitle`: a title found lower on page 1 as a heading of its own (pdf-text.ts), for a visit
 * letter, whose title comes under Ofsted's address and the date.
 */
export function readOfstedFrontPage(lines: readonly PdfLine[], headingTitle: string | null = null): OfstedFrontPage {
  const title = readTitle(lines);
  const segments = labelledSegments(lines);
  const named = !title && headingTitle ? authorityNamedInTitle(headingTitle) : null;
  return {
    title: title?.text ?? headingTitle,
    authority: named ? { name: named, from: 'title', isKnown: authorityNamed(named) !== null } : readAuthority(lines, title),
    dates: readDates(segments),
    leadInspector: readLeadInspector(segments),
  };
}
