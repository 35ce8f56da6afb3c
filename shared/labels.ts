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

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = STATUS_LABELS;

export const EVIDENCE_STATUS_LABELS: Record<EvidenceStatus, string> = { draft: 'Draft', verified: 'Verified', approved: 'Approved' };

/** "3.2 Weekly case tracking": an action named with its reference as written. */
export const actionLabel = (action: { reference: string; title: string }) =>
  action.reference ? `${action.reference} ${action.title}` : action.title;
