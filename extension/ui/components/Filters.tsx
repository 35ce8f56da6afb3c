import type { TagRow } from '../../../shared/workspace/rows';
import type { EvidenceFilters } from '../data/filter-evidence';
import { documentTypeLabel } from '../labels';
import { UkDateInput } from './UkDateInput';

/** Search box and filters (council, document type, date range, tag), all labelled for keyboard and screen readers. */
export function Filters({
  filters,
  onChange,
  councils,
  documentTypes,
  tags,
}: {
  filters: EvidenceFilters;
  onChange: (f: EvidenceFilters) => void;
  councils: string[];
  documentTypes: string[];
  tags: TagRow[];
}) {
  const set = (patch: Partial<EvidenceFilters>) => onChange({ ...filters, ...patch });
  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor="evidence-search">Search evidence</label>
      <input
        id="evidence-search"
        type="search"
        data-testid="evidence-search"
        placeholder="Any word of a clip, note or document"
        value={filters.query}
        onChange={(e) => set({ query: e.target.value })}
      />
      <label htmlFor="filter-council">Council</label>
      <select id="filter-council" data-testid="filter-council" value={filters.council} onChange={(e) => set({ council: e.target.value })}>
        <option value="">All councils</option>
        {councils.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <label htmlFor="filter-type">Document type</label>
      <select id="filter-type" data-testid="filter-type" value={filters.documentType} onChange={(e) => set({ documentType: e.target.value })}>
        <option value="">All types</option>
        {documentTypes.map((t) => (
          <option key={t} value={t}>
            {documentTypeLabel(t)}
          </option>
        ))}
      </select>
      <fieldset>
        <legend>Document date</legend>
        <label htmlFor="filter-from">From</label>
        <UkDateInput id="filter-from" testid="filter-from" value={filters.dateFrom} onChange={(dateFrom) => set({ dateFrom })} />
        <label htmlFor="filter-to">To</label>
        <UkDateInput id="filter-to" testid="filter-to" value={filters.dateTo} onChange={(dateTo) => set({ dateTo })} />
      </fieldset>
      <label htmlFor="filter-tag">Tag</label>
      <select id="filter-tag" data-testid="filter-tag" value={filters.tagId} onChange={(e) => set({ tagId: e.target.value })}>
        <option value="">Any tag</option>
        {tags.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
      <label className="inline">
        <input type="checkbox" data-testid="show-deleted" checked={Boolean(filters.deleted)} onChange={(e) => set({ deleted: e.target.checked })} />{' '}
        Recently deleted clips (to restore one)
      </label>
    </form>
  );
}
