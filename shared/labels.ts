import type { ActionStatus, Rag } from './schema/action';
import type { Assessment, EvidenceStatus } from './schema/evidence';
import { STATUS_LABELS } from './plan-io/parse-rag-status';

/**
 * The words people read for Evident's codes, shared by the extension's pages and the evidence packs so
 * a reviewer and the team see the same labels. Dates are written the UK way whatever the browser's
 * locale: the users are English councils.
 */

/** Words people use for document types, for lists, filters and citations. */
export const DOCUMENT_TYPE_LABELS: Record<string, string> = {
  committee_report: 'Committee report',
  minutes: 'Minutes',
  ofsted_ilacs_inspection_report: 'Ofsted inspection report',
  ofsted_monitoring_visit_letter: 'Ofsted monitoring visit letter',
  ofsted_focused_visit_letter: 'Ofsted focused visit letter',
  ofsted_provider_page: 'Ofsted provider page',
  web_page: 'Web page',
};

export const documentTypeLabel = (type: string | null) =>
  type ? (Object.hasOwn(DOCUMENT_TYPE_LABELS, type) ? DOCUMENT_TYPE_LABELS[type]! : type) : 'Unknown type';

const UK_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const UK_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London',
});

/** "2019-05-15" → "15 May 2019"; the ISO form stays in data and exports. */
export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? iso : UK_DATE.format(date);
}

const UK_DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

/** "2026-07-01T23:30:00Z" → "2 July 2026": the day it was in the UK (summer time included), for "clipped on". */
export function formatDay(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : UK_DAY.format(date);
}

const UK_MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const UK_MONTH_SHORT = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "2019-05" → "May 2019" (short: "Sept 2019"), for charts and timelines. */
export function formatMonth(month: string, short = false): string {
  const date = new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? month : (short ? UK_MONTH_SHORT : UK_MONTH).format(date);
}

/** "2026-12-03T08:10:50Z" → "3 December 2026 at 08:10" (UK time). */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : UK_DATE_TIME.format(date);
}

/** What a clip shows about an action, as a column heading or a badge. */
export const ASSESSMENT_LABELS: Record<Assessment | 'unassessed', string> = {
  impact: 'Impact',
  delivery: 'Delivery',
  concern: 'Concern',
  context: 'Context',
  unassessed: 'Not assessed',
};

/** Impact first: boards ask for evidence of impact, not only of delivery. */
export const ASSESSMENT_ORDER = ['impact', 'delivery', 'concern', 'context', 'unassessed'] as const;

export const RAG_LABELS: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green', blue: 'Blue (complete)' };

/** The word on a RAG tag, capitalised; a key beside the tags says what each colour means. */
export const RAG_WORDS: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green', blue: 'Blue' };

/** What each RAG colour means, in the key: scrutiny panels ask, so the plan and the packs say it. */
export const RAG_MEANINGS: Record<Rag, string> = { red: 'off track', amber: 'at risk', green: 'on track', blue: 'complete' };

/** "Amber (at risk)": a rating with its meaning, where no key is in sight (a Word paragraph, a code's memo). */
export const ragPhrase = (rag: Rag) => `${RAG_WORDS[rag]} (${RAG_MEANINGS[rag]})`;

/** The colours in the key's order (not imported from the schema, which brings a validation library). */
export const RAG_KEY_ORDER = Object.keys(RAG_MEANINGS) as Rag[];

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = STATUS_LABELS;

export const EVIDENCE_STATUS_LABELS: Record<EvidenceStatus, string> = { draft: 'Draft', verified: 'Verified', approved: 'Approved' };

/** "3.2 Weekly case tracking": an action named with its reference as written. */
export const actionLabel = (action: { reference: string; title: string }) =>
  action.reference ? `${action.reference} ${action.title}` : action.title;
