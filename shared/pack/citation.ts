import { documentTypeLabel, formatDate } from '../labels';
import type { EvidenceRow, SourceRow } from '../workspace/rows';

/**
 * "St Helens Council · Ofsted inspection report · 26 February 2020 · para 2.2": where a clip comes
 * from, in the order a reader checks it (who, what, when, where in it). The document's title and
 * address travel separately.
 */
export function citationOf(row: Pick<EvidenceRow, 'paragraph' | 'page'>, source: SourceRow | null): string {
  return [
    source?.council ?? source?.metadata.publisher ?? null,
    source ? documentTypeLabel(source.documentType) : null,
    formatDate(source?.documentDate ?? null) || null,
    row.paragraph ? `para ${row.paragraph}` : null,
    row.page ? `page ${row.page}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}
