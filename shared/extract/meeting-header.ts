import { parseDateAndTime } from './dates';
import { readLabelledLines } from './labels';
import { type BlockText, normaliseSpace, type PageText, textOf, unshout } from './text';

export interface MeetingHeader {
  committee: string | null;
  date: string | null;
  time: string | null;
}

const COMMITTEE_WORDS =
  /\b(?:Cabinet|Committee|Sub-Committee|Board|Panel|Council|Forum|Commission|Executive|Partnership|Assembly|Scrutiny)\b/i;

export function looksLikeCommittee(text: string): boolean {
  return COMMITTEE_WORDS.test(text) && text.length <= 100 && !/[.:;?]$/.test(text);
}

/**
 * "Cabinet - Thursday, 15th December, 2022 2.30 pm" (modern.gov meeting headings) or
 * "Cabinet, Wednesday, 26 February 2020": a committee, then the meeting's date and maybe time.
 * Each separator is tried from the left, as committee names may themselves contain " - ".
 */
export function parseCommitteeDateLine(text: string): MeetingHeader | null {
  for (const separator of text.matchAll(/\s+[-–]\s+|,\s+/g)) {
    const committee = normaliseSpace(text.slice(0, separator.index));
    const when = parseDateAndTime(text.slice(separator.index + separator[0].length));
    if (when && looksLikeCommittee(committee)) return { committee: unshout(committee), ...when };
  }
  return null;
}

/**
 * Front-sheet labels: "Report to: Cabinet", "Date of meeting: 26 February 2020". A bare "Date:" is
 * the meeting's only beside a "Report to:"-style label; alone it may date the report itself.
 */
export function readMeetingFromLabels(page: BlockText): MeetingHeader {
  const committee = readLabelledLines(page, /report to|committee|decision[- ]maker|meeting of/)?.[0] ?? null;
  const when = (
    readLabelledLines(page, /date of meeting|meeting date/) ?? (committee ? readLabelledLines(page, /date/) : null)
  )?.join(' ');
  const parsed = when ? parseDateAndTime(when) : null;
  return {
    committee: committee && looksLikeCommittee(committee) ? unshout(committee) : null,
    date: parsed?.date ?? null,
    time: parsed?.time ?? null,
  };
}

/**
 * A heading naming a committee with the meeting's date beside it: "<h1>CABINET</h1>
 * <p>Wednesday, 26 February 2020</p>", or both on one heading line.
 */
function readFromHeadingBlock(page: PageText): MeetingHeader | null {
  for (const heading of page.headings) {
    const text = textOf(heading);
    const oneLine = parseCommitteeDateLine(text);
    if (oneLine) return oneLine;
    const next = heading.nextElementSibling;
    const when = next ? parseDateAndTime(textOf(next)) : null;
    if (when && looksLikeCommittee(text)) return { committee: unshout(text), ...when };
  }
  return null;
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
function readFromBreadcrumb(doc: Document): MeetingHeader | null {
  const crumbs = breadcrumbTrail(doc);
  for (let i = crumbs.length - 1; i > 0; i--) {
    const when = parseDateAndTime(crumbs[i]!);
    const committee = crumbs[i - 1]!;
    if (when && looksLikeCommittee(committee)) return { committee: unshout(committee), ...when };
  }
  return null;
}

/**
 * The committee and meeting a council report was written for, only where the page prints them
 * (front-sheet labels, a committee heading with its date, the breadcrumb trail). The <title> is not
 * read: a date there may be the publication date (DOMAIN.md).
 */
export function readMeetingHeader(page: PageText): MeetingHeader {
  return combineMeetingHeaders([readMeetingFromLabels(page), readFromHeadingBlock(page), readFromBreadcrumb(page.doc)]);
}

/**
 * One answer from several places that may each print part of it, in order of trust: a source
 * giving both committee and date wins whole (its date belongs to its committee); else the first
 * committee and the first date found.
 */
export function combineMeetingHeaders(sources: readonly (MeetingHeader | null)[]): MeetingHeader {
  const complete = sources.find((s) => s?.committee && s.date);
  if (complete) return complete;
  const withCommittee = sources.find((s) => s?.committee);
  const withDate = sources.find((s) => s?.date);
  return {
    committee: withCommittee?.committee ?? null,
    date: withDate?.date ?? null,
    time: withDate?.time ?? null,
  };
}
