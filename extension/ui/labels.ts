/** Words people use for document types, for lists and filters. */
export const DOCUMENT_TYPE_LABELS: Record<string, string> = {
  committee_report: 'Committee report',
  minutes: 'Minutes',
  ofsted_ilacs_inspection_report: 'Ofsted inspection report',
  ofsted_monitoring_visit_letter: 'Ofsted monitoring visit letter',
  ofsted_focused_visit_letter: 'Ofsted focused visit letter',
  ofsted_provider_page: 'Ofsted provider page',
  web_page: 'Web page',
};

export const documentTypeLabel = (type: string | null) => (type ? (DOCUMENT_TYPE_LABELS[type] ?? type) : 'Unknown type');

/** "2019-05-15" → "15 May 2019" (UK style); the ISO form stays in data and exports. */
export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
