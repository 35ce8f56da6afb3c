import { parseDueDate } from './parse-due-date';
import { PLAN_COLUMN_HEADERS } from './plan-columns';

const DUE_KEY = PLAN_COLUMN_HEADERS.dueDate;

type Due = { dueDate: string | null; extra: Record<string, string> };

/**
 * The plan's own words under "By when" ("Ongoing", "Quarterly", "June 2020"), or null when it gave a
 * day (or nothing): the words an action keeps beside its sortable `dueDate`.
 */
export function dueWordsOf(action: Pick<Due, 'extra'>): string | null {
  const words = Object.hasOwn(action.extra, DUE_KEY) ? action.extra[DUE_KEY]!.trim() : '';
  return words || null;
}

/**
 * "By when" as the plan wrote it: its own words when it gave any, else the date as `formatDate`
 * writes it (the UK way on screen, ISO in a spreadsheet). A month stays a month: the plan never
 * named a day. The plan tab and every evidence-pack format show "By when" through this one rule.
 */
export function dueTextOf(due: { dueDate: string | null; dueWords: string | null }, formatDate: (iso: string | null) => string): string {
  return due.dueWords || formatDate(due.dueDate);
}

/** `dueTextOf` for an action as the workspace keeps it (its words in `extra`). */
export function dueText(action: Due, formatDate: (iso: string | null) => string): string {
  return dueTextOf({ dueDate: action.dueDate, dueWords: dueWordsOf(action) }, formatDate);
}

/** What an editor typed under "By when", as the fields an action keeps; an error names what was typed. */
export function dueFieldsFrom(text: string, extra: Record<string, string>): { ok: true; value: Due } | { ok: false; error: string } {
  const { [DUE_KEY]: _previous, ...others } = extra;
  const reading = parseDueDate(text);
  if (reading.kind === 'blank') return { ok: true, value: { dueDate: null, extra: others } };
  if (reading.kind === 'invalid') {
    return { ok: false, error: `"${text.trim()}" is not a date: write a date such as 31 March 2027, a month such as June 2027, or a word such as Ongoing or Quarterly` };
  }
  if (reading.kind === 'no-date') return { ok: true, value: { dueDate: null, extra: { ...others, [DUE_KEY]: text.trim() } } };
  return {
    ok: true,
    value: { dueDate: reading.date, extra: reading.precision === 'month' ? { ...others, [DUE_KEY]: text.trim() } : others },
  };
}
