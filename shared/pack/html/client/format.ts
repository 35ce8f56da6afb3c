import type { AssessmentKey } from '../../../coverage/types';
import {
  ACTION_STATUS_LABELS,
  ASSESSMENT_LABELS,
  ASSESSMENT_ORDER,
  EVIDENCE_STATUS_LABELS,
  RAG_KEY_ORDER,
  RAG_MEANINGS,
  RAG_WORDS,
  formatDate as formatDateUncached,
  formatDateTime,
  formatDay as formatDayUncached,
  formatMonth as formatMonthUncached,
} from '../../../labels';
import { dueTextOf } from '../../../plan-io/due-text';
import type { PackAction, PackClip, PackModel, PackSource } from '../../types';

/**
 * The words a pack shows for codes and dates: the dashboard's (shared/labels.ts), so both read the
 * same, and dates read "3 December 2026" whatever the locale of the browser that opens the pack.
 */
export { ACTION_STATUS_LABELS, ASSESSMENT_LABELS, ASSESSMENT_ORDER, EVIDENCE_STATUS_LABELS, RAG_KEY_ORDER, RAG_MEANINGS, RAG_WORDS, formatDateTime };

// Intl formatting costs microseconds a call, and a pack formats tens of thousands of dates that
// repeat: each distinct input is formatted once.
const dates = new Map<string, string>();

/** "2019-05-15" → "15 May 2019" (shared/labels.ts formatDate, remembered). */
export function formatDate(iso: string | null): string {
  if (!iso) return '';
  let text = dates.get(iso);
  if (text === undefined) dates.set(iso, (text = formatDateUncached(iso)));
  return text;
}

const days = new Map<string, string>();

/**
 * The UK calendar day of an ISO date-time ("2026-07-01T23:30:00Z" → "2 July 2026", in summer time;
 * shared/labels.ts formatDay). UK clocks change on whole UTC hours, so the day is the same for a
 * whole UTC hour: remembered per hour.
 */
export function formatDay(iso: string | null): string {
  if (!iso) return '';
  // Only UTC times ("…Z", what Evident writes) share an hour key; a time with an offset is formatted as is.
  const key = iso.endsWith('Z') ? `${iso.slice(0, 13)}:00:00Z` : iso;
  let text = days.get(key);
  if (text === undefined) days.set(key, (text = Number.isNaN(new Date(key).getTime()) ? iso : formatDayUncached(key)));
  return text;
}

/** "2019-05" → "May 2019" (short: "Sept 2019"). */
export const formatMonth = formatMonthUncached;

/** "By when" as the plan tab shows it: the plan's words ("Ongoing", "June 2020"), else the UK date. */
export const dueLine = (action: Pick<PackAction, 'dueDate' | 'dueWords'>) => dueTextOf({ dueDate: action.dueDate, dueWords: action.dueWords ?? null }, formatDate);

const NUMBER = new Intl.NumberFormat('en-GB');
export const formatNumber = (n: number) => NUMBER.format(n);

/** "1 clip", "2 clips". */
export const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;

export const assessmentLabel = (key: AssessmentKey | null) => ASSESSMENT_LABELS[key ?? 'unassessed'];

/** Heading words for an action's clips of one assessment, impact first. */
export const ASSESSMENT_GROUP_LABELS: Record<AssessmentKey, string> = {
  impact: 'Evidence of impact',
  delivery: 'Evidence of delivery',
  concern: 'Concerns',
  context: 'Context',
  unassessed: 'Not assessed',
};

/** "Approved by Sam Lee on 3 December 2026 at 08:10", or "Draft". */
export function clipStatusLine(clip: PackClip): string {
  const label = EVIDENCE_STATUS_LABELS[clip.status] ?? clip.status;
  if (clip.status === 'draft' || !clip.statusChangedAt) return label;
  const by = clip.statusChangedBy ? ` by ${clip.statusChangedBy}` : '';
  return `${label}${by} on ${formatDay(clip.statusChangedAt)}`;
}

/** Who published the document, for citations and the council filter. */
export const publisherOf = (source: PackSource) => source.council ?? source.publisher ?? 'Publisher not known';

/** The line under a pack's title: when it was made and by whom. */
export function generatedLine(model: PackModel): string {
  const by = model.generatedBy ? ` by ${model.generatedBy}` : '';
  return `Generated on ${formatDateTime(model.generatedAt)}${by}.`;
}

/** A host name for link text ("westsussex.moderngov.co.uk"). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
