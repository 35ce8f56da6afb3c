import type { EvidenceRow } from '../workspace/rows';
import { isIsoDate, toUtcDay } from './months';

/**
 * When the thing a clip evidences happened, roughly: the document's own date (meeting date, else
 * publication date) when the page gave one, else the day the clip was made. A monitoring-visit letter
 * clipped in June about a March visit is March's evidence. `documentDate` comes partly from
 * unvalidated page metadata (Ofsted's "report_published"), so anything that is not an ISO date is
 * ignored rather than trusted.
 */
export function evidenceDateOf(row: Pick<EvidenceRow, 'documentDate' | 'createdAt'>): string {
  const documentDate = row.documentDate;
  if (documentDate && isIsoDate(documentDate)) return documentDate.slice(0, 10);
  return toUtcDay(row.createdAt);
}
