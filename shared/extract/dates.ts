/**
 * Dates as English council papers and Ofsted reports print them, turned into ISO dates.
 * Only dates with a day become ISO dates: "February-March 2019" says no day, so it gives none
 * (prefer null to a guess: a wrong date in a citation misleads a reviewer).
 */

const MONTH = '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?(?![a-z])';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(\\d{4})';
const WEEKDAY = '(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\\s+)?';
const TO = '\\s*(?:to|until|and|-|–|—)\\s*';

/** Regular-expression sources for building phrase finders elsewhere (month names capitalised). */
export const DATE_PARTS = { MONTH, DAY, YEAR, WEEKDAY, TO } as const;

/** "Wednesday, 26 February 2020", "15th December, 2022", "4 of May 2021". Groups: day, month, year. */
export const FULL_DATE = `${WEEKDAY}${DAY}\\s+(?:of\\s+)?${MONTH},?\\s+${YEAR}`;
const TIME = '(\\d{1,2}(?:[.:]\\d{2})?\\s*[ap]\\.?m\\.?|\\d{1,2}:\\d{2}|noon|midday)';

const MONTH_INDEX: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

function monthNumber(name: string): number | null {
  return MONTH_INDEX[name.slice(0, 3).toLowerCase()] ?? null;
}

/** YYYY-MM-DD, or null for a day that does not exist (31 February). */
function isoDate(year: number, month: number | null, day: number): string | null {
  if (month === null) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

function isoFromParts(day: string | undefined, month: string | undefined, year: string | undefined): string | null {
  if (!day || !month || !year) return null;
  return isoDate(Number(year), monthNumber(month), Number(day));
}

const TEXT_DATE_ONLY = new RegExp(`^${FULL_DATE}$`, 'i');
const NUMERIC_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/; // UK order: day first
const ISO_LIKE = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T\s].*)?$/;

/** One date written the UK way (or ISO, as in meta tags) → ISO; null if the text is not just a date. */
export function parseUkDate(text: string): string | null {
  const trimmed = text.trim().replace(/[.,;]$/, '');
  const textual = TEXT_DATE_ONLY.exec(trimmed);
  if (textual) return isoFromParts(textual[1], textual[2], textual[3]);
  const numeric = NUMERIC_DATE.exec(trimmed);
  if (numeric) return isoDate(Number(numeric[3]), Number(numeric[2]), Number(numeric[1]));
  const iso = ISO_LIKE.exec(trimmed);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return null;
}

/** "2.30 pm" → "14:30"; "10:00" stays; null when not a time. */
export function parseTime(text: string): string | null {
  const t = text.trim().toLowerCase();
  if (t === 'noon' || t === 'midday') return '12:00';
  const clock = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (clock) return `${clock[1]!.padStart(2, '0')}:${clock[2]}`;
  const twelveHour = /^(\d{1,2})(?:[.:](\d{2}))?\s*([ap])\.?m\.?$/.exec(t);
  if (!twelveHour) return null;
  const hour = (Number(twelveHour[1]) % 12) + (twelveHour[3] === 'p' ? 12 : 0);
  return `${String(hour).padStart(2, '0')}:${twelveHour[2] ?? '00'}`;
}

const DATE_WITH_TIME = new RegExp(`^(${FULL_DATE})(?:,?\\s*(?:at\\s+)?${TIME})?$`, 'i');

/** "Thursday, 15th December, 2022 2.30 pm" → date and time; null if the text is more than that. */
export function parseDateAndTime(text: string): { date: string; time: string | null } | null {
  const trimmed = normalise(text).replace(/[.,;]$/, '');
  const numericOnly = parseUkDate(trimmed);
  if (numericOnly) return { date: numericOnly, time: null };
  const match = DATE_WITH_TIME.exec(trimmed);
  if (!match) return null;
  const date = isoFromParts(match[2], match[3], match[4]);
  if (!date) return null;
  return { date, time: match[5] ? parseTime(match[5]) : null };
}

export interface DateRange {
  start: string | null;
  end: string | null;
}

const MONTHS_ONLY = new RegExp(`^${MONTH}(?:\\s+${YEAR})?${TO}${MONTH},?\\s+${YEAR}$`, 'i');
const MONTH_ONLY = new RegExp(`^${MONTH},?\\s+${YEAR}$`, 'i');

/** One day of a span as printed: "5", "9 December", "Friday 14 June 2019"; month and year when printed. */
interface PrintedDay {
  day: number;
  month: number | null;
  year: number | null;
}

const PRINTED_DAY = new RegExp(`${WEEKDAY}${DAY}(?!\\d)(?:\\s+(?:of\\s+)?${MONTH})?(?:,?\\s+${YEAR})?`, 'iy');
// Between days: "to", "until", "and", a dash, a comma; "5 to 9 December 2022 and 14 to 15 February 2023".
const BETWEEN_DAYS = /\s*(?:,\s*)?(?:to|until|till|and|&|-|–|—|,)\s*/iy;

/** The days printed from `at` on, as long as they run, and where the last full date ends. */
function readPrintedDays(text: string, at: number): { days: PrintedDay[]; end: number } {
  const days: PrintedDay[] = [];
  const ends: number[] = [];
  for (let position = at; ; ) {
    PRINTED_DAY.lastIndex = position;
    const day = PRINTED_DAY.exec(text);
    if (!day) break;
    days.push({ day: Number(day[1]), month: day[2] ? monthNumber(day[2]) : null, year: day[3] ? Number(day[3]) : null });
    ends.push(PRINTED_DAY.lastIndex);
    BETWEEN_DAYS.lastIndex = PRINTED_DAY.lastIndex;
    if (!BETWEEN_DAYS.exec(text)) break;
    position = BETWEEN_DAYS.lastIndex;
  }
  // A span ends on a full date: drop trailing days without their month and year ("… 2019 and 3").
  while (days.length > 0 && (days.at(-1)!.month === null || days.at(-1)!.year === null)) days.pop();
  return { days, end: days.length > 0 ? ends[days.length - 1]! : at };
}

/**
 * First and last day of printed days, each taking the month and year printed after it ("5 to 9
 * December 2022 and 14 to 15 February 2023": 5 December 2022 to 15 February 2023). A day whose
 * borrowed year would put it after the next day is in the year before ("16 December to 10 January 2020").
 */
function spanOfDays(days: readonly PrintedDay[]): DateRange {
  const isos: (string | null)[] = [];
  let month: number | null = null;
  let year: number | null = null;
  let next: string | null = null;
  for (let i = days.length - 1; i >= 0; i--) {
    const d = days[i]!;
    const borrowsYear = d.year === null;
    month = d.month ?? month;
    year = d.year ?? year;
    let iso = year === null ? null : isoDate(year, month, d.day);
    // Later than the day after it: in the year before if only the year was borrowed, else unknown.
    if (iso && next && iso > next) iso = borrowsYear && d.month !== null && year !== null ? isoDate(year - 1, month, d.day) : null;
    isos.unshift(iso);
    next = iso ?? next;
  }
  return { start: isos[0] ?? null, end: isos.at(-1) ?? null };
}

/**
 * The first and last day of a span written in prose: "23 September 2019 to 4 October 2019",
 * "from 23 September to 4 October 2019", "between 25th February and 8th March 2019", "4 and 5 March
 * 2020", "11 – 22 July 2022", an inspection in two parts ("5 to 9 December 2022 and 14 to 15
 * February 2023": its first and last day), or a single day. Spans without days ("February-March
 * 2019") give null start and end. Returns null when the text is not a date span at all.
 */
export function parseDateRange(text: string): DateRange | null {
  const t = normalise(text)
    .replace(/^(?:from|between|on|during|in)\s+/i, '')
    .replace(/[.,;]$/, '');
  const single = parseUkDate(t);
  if (single) return { start: single, end: single };
  if (MONTHS_ONLY.test(t) || MONTH_ONLY.test(t)) return { start: null, end: null };
  const { days, end } = readPrintedDays(t, 0);
  if (days.length === 0 || end !== t.length) return null;
  return spanOfDays(days);
}

export interface DateSpan extends DateRange {
  /** The span as printed. */
  written: string;
  /** Where it starts in the text searched. */
  index: number;
}

/** Where a span may start: a day's number, or the weekday before it. */
const SPAN_START = /(?<![\p{L}\p{N}])(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|\d)/giu;

/**
 * The first span of days in a text that ends on a full date ("Inspection dates: 28 February to 4
 * March 2022 (short)" → "28 February to 4 March 2022"), or null.
 */
export function findDateSpan(text: string): DateSpan | null {
  for (const start of text.matchAll(SPAN_START)) {
    const { days, end } = readPrintedDays(text, start.index);
    if (days.length === 0) continue;
    return { ...spanOfDays(days), written: text.slice(start.index, end), index: start.index };
  }
  return null;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
