import { parseDueDate } from './plan-io/parse-due-date';

/**
 * The ISO day a person typed the UK way ("3/12/2026", "3 December 2026"; "2026-12-03" too), for date
 * fields that must not follow the browser's locale (its own date field asks a UK officer on a
 * US-set browser for mm/dd/yyyy). '' when blank; null when it is not a whole day (yet): a month alone
 * is not a day.
 */
export function isoDayFromUkText(text: string): string | null {
  const reading = parseDueDate(text);
  if (reading.kind === 'blank') return '';
  return reading.kind === 'date' && reading.precision === 'day' ? reading.date : null;
}

/** What a date field says when its text is not a day. */
export const notADayMessage = (text: string) => `"${text.trim()}" is not a date: write it as day/month/year, e.g. 3/12/2026`;
