import type { EvidenceRow } from '../../../shared/workspace/rows';
import { CORRECTABLE_FIELD_LABELS, isCorrectableField } from '../../../shared/workspace/source-corrections';
import { documentTypeLabel, formatDate } from '../labels';

/** "St Helens Council · Committee report · 26 February 2020 · para 2.2": where a clip comes from. */
export function Citation({ row }: { row: EvidenceRow }) {
  const parts = [
    row.council ?? row.publisher,
    documentTypeLabel(row.documentType),
    formatDate(row.documentDate),
    row.paragraph ? `para ${row.paragraph}` : null,
    row.page ? `page ${row.page}` : null,
  ].filter(Boolean);
  return (
    <p className="citation">
      <span className="source-title">{row.sourceTitle ?? row.sourceUrl}</span>
      <span className="citation-parts" data-testid="evidence-citation">
        {parts.join(' · ')}
      </span>
      {row.uncertainFields.length > 0 && (
        <span className="uncertain" data-testid="citation-uncertain">
          Evident is not sure of the {row.uncertainFields.map((f) => (isCorrectableField(f) ? CORRECTABLE_FIELD_LABELS[f] : f)).join(', ')}: check before citing
        </span>
      )}
    </p>
  );
}
