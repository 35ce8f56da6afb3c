/**
 * Calendar arithmetic on ISO dates, in UTC. Coverage works in whole days and months: a clip's date is a
 * day ("2025-09-30"), a chart's bucket is a month ("2025-09"). Strings, not Date objects, because ISO dates
 * compare correctly as strings and 50,000 clips must be bucketed in milliseconds.
 */

/** Months since year 0 (year × 12 + month − 1): consecutive months are consecutive integers. */
export type MonthIndex = number;

// Digits are read by char code: these run once per clip, and a regex plus a Date per clip made
// computeCoverage four times slower (96 → 25 ms median for 50,000 clips, tests/bench/coverage.bench.ts).
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** True when `value` starts with a real ISO date ("2024-02-29" yes, "2025-02-29" and "June 2025" no). */
export function isIsoDate(value: string): boolean {
  if (value.length < 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false; // '-'
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const UTC_OFFSET_AT_END = /(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The UTC calendar day of an ISO date or date-time. "2026-03-31" and "…T09:00:00Z" are read as written;
 * a date-time with an offset ("2026-04-01T00:30:00+01:00") is converted, so every day is a UTC day. A
 * date-time without an offset is refused: JavaScript would read it in the machine's time zone, and the
 * same workspace must give the same answer on every machine.
 */
export function toUtcDay(iso: string): string {
  if (iso.length === 10 || iso.endsWith('Z') || iso.endsWith('+00:00')) {
    if (isIsoDate(iso)) return iso.slice(0, 10);
  } else if (UTC_OFFSET_AT_END.test(iso) && isIsoDate(iso)) {
    const time = Date.parse(iso);
    if (!Number.isNaN(time)) return new Date(time).toISOString().slice(0, 10);
  }
  throw new Error(`not an ISO date or date-time: ${JSON.stringify(iso)}`);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month1to12: number): number {
  if (month1to12 !== 2) return DAYS_IN_MONTH[month1to12 - 1] ?? Number.NaN;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** The month index of an ISO date ("2025-09-30" → 2025 × 12 + 8), read from its characters. */
export function monthIndexOf(isoDay: string): MonthIndex {
  return digitsAt(isoDay, 0, 4) * 12 + digitsAt(isoDay, 5, 2) - 1;
}

export function monthKeyOf(index: MonthIndex): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/**
 * The same day `months` calendar months earlier, clamped to the end of a shorter month, as date-fns
 * `subMonths` does: 2026-03-31 minus 1 month is 2026-02-28, minus 6 months is 2025-09-30.
 */
export function subtractMonths(isoDay: string, months: number): string {
  const target = monthIndexOf(isoDay) - months;
  const year = Math.floor(target / 12);
  const month = target - year * 12 + 1;
  const day = Math.min(digitsAt(isoDay, 8, 2), daysInMonth(year, month));
  return `${monthKeyOf(target)}-${String(day).padStart(2, '0')}`;
}
