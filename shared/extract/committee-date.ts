/**
 * A meeting as councils print it at the head of a page or front sheet: the committee's name and the
 * meeting's date, on one line ("Cabinet - Thursday, 15th December, 2022 2.30 pm", "CHILDREN'S
 * SERVICES SCRUTINY COMMITTEE 14 MARCH 2019") or on two ("Health and Wellbeing Board" above
 * "20 June 2019"), or in labelled rows ("Date of meeting: 15 May 2019", a printed table's
 * "Committee   Children and Young People's Services Select Committee").
 */
import { authorityNamed } from './gazetteer';
import { parseDateAndTime } from './dates';
import { normaliseSpace, unshout } from './text';

export interface MeetingHeader {
  committee: string | null;
  date: string | null;
  time: string | null;
}

// A committee word as a name ends or heads it, never possessive ("the County Council's Improvement Plan").
const COMMITTEE_WORDS =
  /\b(?:Cabinet|Committee|Sub-Committee|Board|Panel|Council|Forum|Commission|Executive|Partnership|Assembly|Scrutiny|Sub-?group|(?:Working|Task|Steering|Advisory|Improvement) Group)\b(?!['’]s\b)/i;

/** A committee's name: a committee word, short, no sentence, no date ("Meeting: 15/12/2022 - Cabinet" is a meeting line). */
export function looksLikeCommittee(text: string): boolean {
  return (
    COMMITTEE_WORDS.test(text) && text.length <= 100 && !/[.:;?]$/.test(text) && !/^[a-z]/.test(text) && !/\d{4}|\d\/\d/.test(text)
  );
}

/** A council's own name ("St. Helens Council", "West Sussex County Council"): its publisher, not a meeting. */
export function isCouncilName(text: string): boolean {
  return /\b(?:Council|Borough)$/i.test(text) && !/^(?:Full|The|County|City|Borough)\s+Council$/i.test(text) && authorityNamed(text) !== null;
}

// A date line's own label: "Date: Thursday, 15th December, 2022", "Date and time: …".
const DATE_LABEL = /^(?:Date(?: and time)?(?: of (?:the )?meeting)?|Meeting date|When)\s*:\s*/i;

// What may follow a meeting's date and time: "(Remote meeting)", ", CANCELLED", "- Postponed", "at County Hall".
const ANNOTATION = /^(?:[(,[–—-]|[Aa]t\b|[Ii]n\b|[Vv]enue\b|[A-Z]{3,}\b)/;

/**
 * "Thursday, 15th December, 2022 2.30 pm", "14 MARCH 2019", "Tuesday 3 March 2020 at 10.00 am
 * (Remote meeting)": the meeting's date and time, from a line that starts with them. What follows
 * them is an annotation, never a second date. Null when the line does not start with a date.
 */
export function parseMeetingWhen(text: string): { date: string; time: string | null } | null {
  const line = normaliseSpace(text).replace(DATE_LABEL, '');
  const exact = parseDateAndTime(line);
  if (exact) return exact;
  const words = line.split(' ');
  for (let k = Math.min(words.length - 1, 8); k >= 1; k--) {
    const when = parseDateAndTime(words.slice(0, k).join(' ').replace(/,$/, ''));
    const rest = words.slice(k).join(' ');
    if (when && ANNOTATION.test(rest) && !parseDateAndTime(rest)) return when;
  }
  return null;
}

// Where a date may start: a weekday, or a day number before a month name.
const DATE_START =
  /\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|\d{1,2}\/\d{1,2}\/\d{4}\b)/gi;

/**
 * A committee then its meeting's date on one line, whatever stands between them: " - ", ", ", a
 * colon, or only a space ("HEALTH AND WELLBEING BOARD 20 JUNE 2019"). The committee keeps its
 * usual case ("CABINET" → "Cabinet"). Null when the line is not that.
 */
export function parseCommitteeDateLine(text: string): MeetingHeader | null {
  const line = normaliseSpace(text);
  for (const start of line.matchAll(DATE_START)) {
    if (start.index === 0) continue;
    const committee = line.slice(0, start.index).replace(/[\s,:|–—-]+$/, '');
    const when = parseMeetingWhen(line.slice(start.index));
    if (when && looksLikeCommittee(committee) && !isCouncilName(committee)) return { committee: unshout(committee), ...when };
  }
  return null;
}

/** "St. Helens Council CABINET" (two cells of a front sheet's first row on one line) → "CABINET". */
export function withoutCouncilName(line: string): string {
  const match = /^(.*?\b(?:Council|Borough))\s+(\S.*)$/.exec(line);
  return match && isCouncilName(match[1]!) ? match[2]! : line;
}

export interface FrontSheetMeeting extends MeetingHeader {
  /** The lines it was read from (indexes into the lines given). */
  firstLine: number;
  lastLine: number;
  /** How it was printed, for the field's source. */
  form: 'one line' | 'two lines';
}

/**
 * The meeting printed at the head of a front sheet: one line with committee and date, or a
 * committee line above a date line (a council's name before the committee on the same line is
 * dropped). `lines` are the front sheet's first lines, in reading order.
 */
export function readFrontSheetMeeting(lines: readonly string[]): FrontSheetMeeting | null {
  for (const [i, raw] of lines.entries()) {
    const line = withoutCouncilName(normaliseSpace(raw));
    const oneLine = parseCommitteeDateLine(line);
    if (oneLine) return { ...oneLine, firstLine: i, lastLine: i, form: 'one line' };
    if (!looksLikeCommittee(line) || isCouncilName(line) || parseMeetingWhen(line)) continue;
    const when = parseMeetingWhen(lines[i + 1] ?? '');
    if (when) return { committee: unshout(line), ...when, firstLine: i, lastLine: i + 1, form: 'two lines' };
  }
  return null;
}

const COMMITTEE_ROW = /^(?:Committee|Report to|Meeting of|Meeting|Decision[- ]maker|Name of (?:the )?(?:committee|meeting))\s*:?\s+(.+)$/i;
const DATE_ROW = /^(?:Date of (?:the )?meeting|Meeting date)\s*:?\s+(.+)$/i;
const BARE_DATE_ROW = /^Date\s*:?\s+(.+)$/i;

export interface LabelledMeeting extends MeetingHeader {
  /** The labels read, for the fields' sources ("Date of meeting"). */
  committeeLabel: string | null;
  dateLabel: string | null;
}

/**
 * Front-sheet rows with or without a colon, as a printed table comes out of a PDF ("Date of meeting
 * 15 May 2019"). A bare "Date" row is the meeting's only beside a committee row (alone it may date
 * the report itself).
 */
export function readLabelRows(lines: readonly string[]): LabelledMeeting {
  let committee: string | null = null;
  let committeeLabel: string | null = null;
  let when: { date: string; time: string | null } | null = null;
  let dateLabel: string | null = null;
  let bareDate: { date: string; time: string | null } | null = null;
  for (const raw of lines) {
    const line = normaliseSpace(raw);
    const named = COMMITTEE_ROW.exec(line);
    if (named && !committee && looksLikeCommittee(named[1]!)) {
      committee = unshout(named[1]!);
      committeeLabel = line.slice(0, line.length - named[1]!.length).replace(/[\s:]+$/, '');
    }
    const dated = DATE_ROW.exec(line);
    const parsed = dated ? parseMeetingWhen(dated[1]!) : null;
    if (parsed && !when) {
      when = parsed;
      dateLabel = line.slice(0, line.length - dated![1]!.length).replace(/[\s:]+$/, '');
    }
    const bare = BARE_DATE_ROW.exec(line);
    bareDate ??= bare ? parseMeetingWhen(bare[1]!) : null;
  }
  if (!when && committee && bareDate) {
    when = bareDate;
    dateLabel = 'Date';
  }
  return { committee, date: when?.date ?? null, time: when?.time ?? null, committeeLabel, dateLabel };
}
