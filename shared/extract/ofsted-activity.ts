import type { OfstedActivity } from '../schema/page-metadata';
import { DATE_PARTS, FULL_DATE, parseDateRange, parseUkDate } from './dates';
import { normaliseSpace } from './text';

const { MONTH, DAY, YEAR, TO } = DATE_PARTS;

/** Only sentences about an inspection or visit can carry its dates. */
const ABOUT_INSPECTION = /\binspect|\bOfsted\b|\bvisit\b/i;

/**
 * How council papers write an inspection's dates, most precise first; the first pattern that
 * matches anywhere wins, so a report saying both "in February 2019" and "between 25th February and
 * 8th March 2019" gives the latter. Months are matched capitalised, so "may" the verb is no month.
 */
const DATE_PHRASES: readonly RegExp[] = [
  // "from 23 September to 4 October 2019", "between 25th February and 8th March 2019"
  new RegExp(`\\b(?:[Ff]rom|[Bb]etween)\\s+${DAY}(?:\\s+${MONTH})?(?:,?\\s+${YEAR})?${TO}${DAY}\\s+${MONTH},?\\s+${YEAR}`),
  // "23 September 2019 to 4 October 2019", "4 and 5 March 2020"
  new RegExp(`\\b${DAY}(?:\\s+${MONTH})?(?:,?\\s+${YEAR})?${TO}${DAY}\\s+${MONTH},?\\s+${YEAR}`),
  // "February-March 2019", "September and October 2019": no days
  new RegExp(`\\b${MONTH}(?:\\s+${YEAR})?${TO}${MONTH},?\\s+${YEAR}`),
  // "the inspection in July 2022": a lone month is quoted with the noun that makes it the inspection's
  new RegExp(`\\b(?:[Tt]he|[Aa]n)\\s+(?:Ofsted\\s+)?[Ii]nspection\\s+(?:by\\s+Ofsted\\s+)?in\\s+${MONTH}\\s+${YEAR}`),
];

interface DatePhrase {
  phrase: string;
  sentence: string;
}

export function findInspectionDatePhrase(sentences: readonly string[]): DatePhrase | null {
  const relevant = sentences.filter((s) => ABOUT_INSPECTION.test(s));
  for (const pattern of DATE_PHRASES) {
    for (const sentence of relevant) {
      const match = pattern.exec(sentence);
      if (match) return { phrase: normaliseSpace(match[0]), sentence };
    }
  }
  return null;
}

const PUBLISHED_ON = new RegExp(`\\bpublished\\s+on\\s+(?:the\\s+)?(${FULL_DATE})`);
const ABOUT_REPORT = /\b(?:report|outcome|inspection|Ofsted|judgement|letter)\b/i;

/** "The outcome of the Inspection was published on 4 November 2019." Dates without a year are skipped. */
function findReportPublished(sentences: readonly string[]): string | null {
  for (const sentence of sentences) {
    if (!ABOUT_REPORT.test(sentence)) continue;
    const match = PUBLISHED_ON.exec(sentence);
    const iso = match ? parseUkDate(match[1]!) : null;
    if (iso) return iso;
  }
  return null;
}

/** The kind of Ofsted activity a sentence speaks of; an unqualified inspection is an ILACS inspection. */
export function activityTypeOf(sentence: string): string {
  if (/\bmonitoring visit/i.test(sentence)) return 'ILACS monitoring visit';
  if (/\bfocused visit/i.test(sentence)) return 'ILACS focused visit';
  return 'ILACS inspection';
}

/**
 * The Ofsted inspection a council paper is about, read from its prose: dates as written (and as
 * ISO when they name days) and the report's publication date. Null when the paper gives neither.
 * Council papers do not name the lead inspector; that stays null.
 */
export function readOfstedActivityFromProse(sentences: readonly string[]): OfstedActivity | null {
  const dates = findInspectionDatePhrase(sentences);
  const published = findReportPublished(sentences);
  if (!dates && !published) return null;
  const range = dates ? parseDateRange(dates.phrase) : null;
  return {
    type: dates ? activityTypeOf(dates.sentence) : 'ILACS inspection',
    dates_as_written: dates?.phrase ?? null,
    start: range?.start ?? null,
    end: range?.end ?? null,
    report_published: published,
    lead_inspector: null,
  };
}
