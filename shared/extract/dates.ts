/**
 * Dates as English council papers and Ofsted reports print them, turned into ISO dates.
 * Only dates with a day become ISO dates: "February-March 2019" says no day, so it gives none
 * (DOMAIN.md: prefer null to a guess).
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

const RANGE_FULL = new RegExp(`^${DAY}\\s+${MONTH},?\\s+${YEAR}${TO}${DAY}\\s+${MONTH},?\\s+${YEAR}$`, 'i');
const RANGE_SHARED_YEAR = new RegExp(`^${DAY}\\s+${MONTH}${TO}${DAY}\\s+${MONTH},?\\s+${YEAR}$`, 'i');
const RANGE_SHARED_MONTH = new RegExp(`^${DAY}${TO}${DAY}\\s+${MONTH},?\\s+${YEAR}$`, 'i');
const MONTHS_ONLY = new RegExp(`^${MONTH}(?:\\s+${YEAR})?${TO}${MONTH},?\\s+${YEAR}$`, 'i');
const MONTH_ONLY = new RegExp(`^${MONTH},?\\s+${YEAR}$`, 'i');

/**
 * The first and last day of a span written in prose: "23 September 2019 to 4 October 2019",
 * "from 23 September to 4 October 2019", "between 25th February and 8th March 2019", "4 and 5 March
 * 2020", or a single day. Spans without days ("February-March 2019") give null start and end.
 * Returns null when the text is not a date span at all.
 */
export function parseDateRange(text: string): DateRange | null {
  const t = normalise(text)
    .replace(/^(?:from|between|on|during|in)\s+/i, '')
    .replace(/[.,;]$/, '');
  const single = parseUkDate(t);
  if (single) return { start: single, end: single };
  let m = RANGE_FULL.exec(t);
  if (m) return { start: isoFromParts(m[1], m[2], m[3]), end: isoFromParts(m[4], m[5], m[6]) };
  m = RANGE_SHARED_YEAR.exec(t);
  if (m) return spanInYearOfEnd(m[1], m[2], m[3], m[4], m[5]);
  m = RANGE_SHARED_MONTH.exec(t);
  if (m) return { start: isoFromParts(m[1], m[3], m[4]), end: isoFromParts(m[2], m[3], m[4]) };
  if (MONTHS_ONLY.test(t) || MONTH_ONLY.test(t)) return { start: null, end: null };
  return null;
}

/** "23 December to 4 January 2020": the start is in the end's year, or the year before if later. */
function spanInYearOfEnd(...parts: (string | undefined)[]): DateRange {
  const [startDay, startMonth, endDay, endMonth, year] = parts;
  const end = isoFromParts(endDay, endMonth, year);
  let start = isoFromParts(startDay, startMonth, year);
  if (start && end && start > end) start = isoFromParts(startDay, startMonth, String(Number(year) - 1));
  return { start, end };
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
