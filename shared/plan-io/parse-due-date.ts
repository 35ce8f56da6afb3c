/**
 * "By when" as councils write it. The plan is English, so slashed dates are day first. A month alone
 * ("March 2020") means by the end of that month, so it sorts as the month's last day, but its
 * precision says so: the plan never gave a day, and Evident must not show one.
 */
export type DueDateReading =
  | { kind: 'date'; date: string; precision: 'day' | 'month' }
  | { kind: 'blank' }
  /** A word that says there is no single deadline; the import keeps it verbatim as an extra column. */
  | { kind: 'no-date' }
  | { kind: 'invalid' };

/** Words (and the start of phrases: "Ongoing – reviewed monthly") meaning the action has no single due date. */
export const NO_DATE_WORDS = [
  'ongoing', 'on going', 'on-going', 'tbc', 'tba', 'tbd', 'n/a', 'na', 'none', 'continuous', 'continual',
  'continuing', 'rolling', 'weekly', 'fortnightly', 'monthly', 'bi-monthly', 'quarterly', 'six-monthly',
  'six monthly', 'annually', 'annual', 'yearly', 'as required', 'as needed', 'business as usual', 'bau',
] as const;

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];

export function parseDueDate(text: string): DueDateReading {
  const value = text.trim();
  if (value === '') return { kind: 'blank' };
  const lower = value.toLowerCase().replace(/\s+/g, ' ');
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value))) return dateOf(+match[1]!, +match[2]!, +match[3]!);
  if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(value))) {
    return dateOf(fullYear(match[3]!), +match[2]!, +match[1]!);
  }
  if ((match = /^(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)\.?,? (\d{2}|\d{4})$/.exec(lower.replace(/-/g, ' ')))) {
    const month = monthNumber(match[2]!);
    if (month) return dateOf(fullYear(match[3]!), month, +match[1]!);
  }
  if ((match = /^(?:end (?:of )?)?([a-z]+)\.?,? (\d{2}|\d{4})$/.exec(lower.replace(/-/g, ' ')))) {
    const month = monthNumber(match[1]!);
    if (month) return monthOnly(dateOf(fullYear(match[2]!), month, daysInMonth(fullYear(match[2]!), month)));
  }
  if (NO_DATE_WORDS.some((word) => lower === word || (lower.startsWith(word) && /^[^a-z0-9]/.test(lower.slice(word.length))))) {
    return { kind: 'no-date' };
  }
  return { kind: 'invalid' };
}

/** "20" is 2020: improvement plans are all from this century. */
function fullYear(digits: string): number {
  return digits.length === 2 ? 2000 + Number(digits) : Number(digits);
}

/** "Mar", "March", "Sept" → 3, 3, 9; null for anything else. */
function monthNumber(word: string): number | null {
  if (word.length < 3) return null;
  const index = MONTHS.findIndex((month) => month.startsWith(word));
  return index === -1 ? null : index + 1;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dateOf(year: number, month: number, day: number): DueDateReading {
  const exists = year >= 1900 && year <= 2199 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  if (!exists) return { kind: 'invalid' };
  return { kind: 'date', date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, precision: 'day' };
}

function monthOnly(reading: DueDateReading): DueDateReading {
  return reading.kind === 'date' ? { ...reading, precision: 'month' } : reading;
}
