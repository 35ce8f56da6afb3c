import { useDeferredValue, useMemo, useState } from 'react';
import type { EvidenceRow, TagRow } from '../../../shared/workspace/rows';
import { BulkLinkBar } from '../../ui/components/BulkLinkBar';
import { EvidenceDetail } from '../../ui/components/EvidenceDetail';
import { EvidenceItem } from '../../ui/components/EvidenceItem';
import { Filters } from '../../ui/components/Filters';
import { actionLabel } from '../../ui/components/LinkEditor';
import { distinctValues, filterEvidence, type EvidenceFilters } from '../../ui/data/filter-evidence';
import type { EvidenceRows } from '../../ui/data/use-evidence-rows';
import type { PlansData } from '../../ui/data/use-plans';
import type { SearchIndex } from '../../../shared/search/search-index';

const PAGE_SIZE = 100;

/** All evidence: search, filters, the list (with selection for bulk linking) and a clip's detail. */
export function EvidenceTab({ evidence, index, tags, plans, filters, onFilters }: {
  evidence: EvidenceRows;
  index: SearchIndex;
  tags: Map<string, TagRow>;
  plans: PlansData;
  filters: EvidenceFilters;
  onFilters: (f: EvidenceFilters) => void;
}) {
  const deferredFilters = useDeferredValue(filters);
  const [limit, setLimit] = useState(PAGE_SIZE);
  // "Open in dashboard" from the in-page toolbar opens here with the clip it saved (?clip=<id>).
  const [selectedId, setSelectedId] = useState<string | null>(() => new URLSearchParams(location.search).get('clip'));
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const { items, total } = useMemo(
    () => filterEvidence(evidence.rows, deferredFilters, index, limit),
    // evidence.version: rows and index change in place
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [evidence.version, deferredFilters, index, limit],
  );
  const councils = useMemo(() => distinctValues(evidence.rows.values(), (r) => (r.deleted ? null : r.council)), [evidence.version]);
  const documentTypes = useMemo(() => distinctValues(evidence.rows.values(), (r) => (r.deleted ? null : r.documentType)), [evidence.version]);
  const liveTags = [...tags.values()].filter((t) => !t.deleted).sort((a, b) => a.name.localeCompare(b.name));
  const selected: EvidenceRow | undefined = selectedId ? evidence.rows.get(selectedId) : undefined;
  const filteredAction = filters.actionId ? plans.actionById.get(filters.actionId) : undefined;
  const toggle = (id: string, on: boolean) => {
    const next = new Set(checked);
    if (on) next.add(id);
    else next.delete(id);
    setChecked(next);
  };

  return (
    <div className={selected ? 'evidence-tab has-detail' : 'evidence-tab'}>
      <aside className="sidebar">
        <Filters
          filters={filters}
          onChange={(f) => {
            onFilters(f);
            setLimit(PAGE_SIZE);
          }}
          councils={councils}
          documentTypes={documentTypes}
          tags={liveTags}
        />
      </aside>
      <main className="list">
        <p className="count" data-testid="evidence-count" aria-live="polite">
          {!evidence.loaded
            ? 'Loading…'
            : filters.deleted
              ? `${total} deleted clip${total === 1 ? '' : 's'}: open one to restore it`
              : `${total} of ${[...evidence.rows.values()].filter((r) => !r.deleted).length} clips`}
        </p>
        {filteredAction && (
          <p className="active-filter" data-testid="action-filter">
            Linked to {actionLabel(filteredAction)}{' '}
            <button type="button" className="link" onClick={() => onFilters({ ...filters, actionId: '' })}>Show all</button>
          </p>
        )}
        {checked.size > 0 && <BulkLinkBar ids={[...checked]} plans={plans} onDone={() => setChecked(new Set())} />}
        {evidence.loaded && total === 0 && (
          <p className="empty">
            {evidence.rows.size === 0
              ? 'No evidence yet. Select a passage on a council or Ofsted page and press “Clip”.'
              : 'No clips match. Try fewer words or clear a filter.'}
          </p>
        )}
        <ul className="evidence-list" aria-label="Evidence">
          {items.map((row) => (
            <EvidenceItem
              key={row.id}
              row={row}
              tags={tags}
              plans={plans}
              selected={row.id === selectedId}
              checked={checked.has(row.id)}
              onCheck={(on) => toggle(row.id, on)}
              onOpen={setSelectedId}
            />
          ))}
        </ul>
        {items.length < total && (
          <button type="button" onClick={() => setLimit(limit + PAGE_SIZE)}>
            Show more ({total - items.length} more)
          </button>
        )}
      </main>
      {selected && <EvidenceDetail row={selected} tags={tags} plans={plans} onClose={() => setSelectedId(null)} />}
    </div>
  );
}
