import {
  looksLikeCommittee,
  type MeetingHeader,
  parseCommitteeDateLine,
  parseMeetingWhen,
  readFrontSheetMeeting,
  readLabelRows,
} from './committee-date';
import type { Confidence, FieldSources } from './field-sources';
import { findLabelledLines } from './labels';
import { type BlockText, normaliseSpace, type PageText, textOf, unshout } from './text';

export { looksLikeCommittee, parseCommitteeDateLine, type MeetingHeader } from './committee-date';

/** A meeting read from one place on the page, and what that place is. */
export interface FoundMeeting extends MeetingHeader {
  /** Where the committee was read ("the page's heading"), and the date if elsewhere. */
  from: string;
  dateFrom?: string;
  confidence: Confidence;
}

/** The meeting of a page, and per field where it was read. */
export interface Meeting extends MeetingHeader {
  sources: FieldSources;
}

/** How many of a front sheet's first lines may name the meeting. */
const FRONT_SHEET_LINES = 12;

/**
 * Front-sheet labels: "Report to: Cabinet", "Date of meeting: 26 February 2020", on the label's
 * line or beside it (a table's next cell), or as a printed row without a colon ("Date of meeting 15
 * May 2019"). A bare "Date" is the meeting's only beside a committee label; alone it may date the report.
 */
export function readMeetingFromLabels(page: BlockText): FoundMeeting | null {
  const committeeLabel = findLabelledLines(page, /report to|committee|decision[- ]maker|meeting of|meeting/);
  const committeeText = committeeLabel?.lines[0] ?? null;
  const committee = committeeText && looksLikeCommittee(committeeText) ? unshout(committeeText) : null;
  const dateLines = findLabelledLines(page, /date of (?:the )?meeting|meeting date/) ?? (committee ? findLabelledLines(page, /date/) : null);
  const when = dateLines ? parseMeetingWhen(dateLines.lines.join(' ')) : null;
  const rows = readLabelRows(page.blocks.slice(0, FRONT_SHEET_LINES * 2).flatMap((b) => b.lines));
  const found = {
    committee: committee ?? rows.committee,
    date: when?.date ?? rows.date,
    time: when ? when.time : rows.time,
  };
  if (!found.committee && !found.date) return null;
  return {
    ...found,
    from: committee ? 'the front sheet’s committee label' : 'the front sheet’s committee row',
    dateFrom: when ? 'the Date of meeting line' : `the front sheet’s ${rows.dateLabel ?? 'date'} row`,
    confidence: 'high',
  };
}

/**
 * A heading naming a committee with the meeting's date beside it: both on the heading's line
 * ("Cabinet - Thursday, 15th December, 2022 2.30 pm"), on its two lines, or the date on the line
 * after it ("<h2>Cabinet</h2><p>Thursday, 15th December, 2022</p>").
 */
export function readFromHeadings(page: PageText): FoundMeeting | null {
  for (const heading of page.headings) {
    const text = textOf(heading);
    const oneLine = parseCommitteeDateLine(text);
    if (oneLine) return { ...oneLine, from: 'the page’s heading', confidence: 'high' };
    const index = page.blocks.findIndex((b) => b.el === heading);
    const lines = [...(page.blocks[index]?.lines ?? [text]), ...(page.blocks[index + 1]?.lines.slice(0, 1) ?? [])];
    const twoLines = readFrontSheetMeeting(lines);
    if (twoLines && twoLines.firstLine === 0) {
      return { ...twoLines, from: 'the page’s heading', dateFrom: 'the date line under the heading', confidence: 'high' };
    }
  }
  return null;
}

/**
 * The meeting printed in the first lines of the document, before its title or with it: "Health and
 * Wellbeing Board" over "20 June 2019" as paragraphs, a front-sheet table cell "CABINET / Wednesday,
 * 26 February 2020", or one line in capitals.
 */
export function readFromFrontSheet(page: BlockText): FoundMeeting | null {
  const lines = page.blocks.flatMap((b) => b.lines).slice(0, FRONT_SHEET_LINES);
  const found = readFrontSheetMeeting(lines);
  if (!found) return null;
  const from = found.form === 'one line' ? 'the front sheet’s first line' : 'the front sheet’s committee and date lines';
  return { committee: found.committee, date: found.date, time: found.time, from, confidence: 'medium' };
}

const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT (no DOM globals in shared/)

/** The line that starts "You are here:", read from the block that holds those words. */
function youAreHereLine(doc: Document): string | null {
  if (!doc.body) return null;
  const walker = doc.createTreeWalker(doc.body, SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/^\s*You are here\b/i.test(node.nodeValue ?? '')) continue;
    const holder = node.parentElement?.closest('p, li, div, nav, ol, ul');
    return holder ? textOf(holder) : normaliseSpace(node.nodeValue ?? '');
  }
  return null;
}

/** The page's breadcrumb trail, from breadcrumb markup or a "You are here:" line. */
function breadcrumbTrail(doc: Document): string[] {
  const marked = doc.querySelector('[aria-label*="breadcrumb" i], .breadcrumb, .breadcrumbs');
  if (marked) {
    const items = Array.from(marked.querySelectorAll('li')).map(textOf);
    if (items.length > 0) return items;
  }
  const trail = marked ? textOf(marked) : youAreHereLine(doc);
  if (!trail) return [];
  return trail
    .replace(/^You are here:?\s*/i, '')
    .split(/\s*[>›»]\s*/)
    .map(normaliseSpace)
    .filter(Boolean);
}

/** "Home > … > Health and Wellbeing Board > 20 June 2019": the crumb before a date crumb. */
function readFromBreadcrumb(doc: Document): FoundMeeting | null {
  const crumbs = breadcrumbTrail(doc);
  for (let i = crumbs.length - 1; i > 0; i--) {
    const when = parseMeetingWhen(crumbs[i]!);
    const committee = crumbs[i - 1]!;
    if (when && looksLikeCommittee(committee)) {
      return { committee: unshout(committee), ...when, from: 'the breadcrumb trail', confidence: 'medium' };
    }
  }
  return null;
}

/**
 * The committee and meeting a council report was written for, only where the page prints them
 * (front-sheet labels, a committee heading with its date, the front sheet's first lines, the
 * breadcrumb trail). The <title> is not read: a date there may be the publication date.
 */
export function readMeetingHeader(page: PageText): Meeting {
  return combineMeetings([readMeetingFromLabels(page), readFromHeadings(page), readFromFrontSheet(page), readFromBreadcrumb(page.doc)]);
}

/**
 * One answer from several places that may each print part of it, in order of trust: a place
 * giving both committee and date wins whole (its date belongs to its committee); else the first
 * committee and the first date found.
 */
export function combineMeetings(found: readonly (FoundMeeting | null)[]): Meeting {
  const complete = found.find((s) => s?.committee && s.date);
  const withCommittee = complete ?? found.find((s) => s?.committee);
  const withDate = complete ?? found.find((s) => s?.date);
  const sources: FieldSources = {};
  if (withCommittee) sources.committee = { from: withCommittee.from, confidence: withCommittee.confidence };
  if (withDate) {
    const from = withDate.dateFrom ?? withDate.from;
    sources.meeting_date = { from, confidence: withDate.confidence };
    if (withDate.time) sources.meeting_time = { from, confidence: withDate.confidence };
  }
  return {
    committee: withCommittee?.committee ?? null,
    date: withDate?.date ?? null,
    time: withDate?.time ?? null,
    sources,
  };
}
