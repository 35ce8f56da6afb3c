import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { askBackground } from '../../messaging';
import { EvidenceDetail } from '../../ui/components/EvidenceDetail';
import { EvidenceItem } from '../../ui/components/EvidenceItem';
import { Filters } from '../../ui/components/Filters';
import { distinctValues, filterEvidence, NO_FILTERS, type EvidenceFilters } from '../../ui/data/filter-evidence';
import { useEvidenceRows } from '../../ui/data/use-evidence-rows';
import { useProjectionDb } from '../../ui/data/use-projection-db';
import { useSearchIndex } from '../../ui/data/use-search';
import { useTags } from '../../ui/data/use-tags';
import { downloadText } from '../../ui/download';

const PAGE_SIZE = 100;

/** The evidence dashboard: every clip, searchable and filterable, with detail and export. */
export function Dashboard() {
  const db = useProjectionDb();
  const evidence = useEvidenceRows(db);
  const index = useSearchIndex(evidence);
  const tags = useTags(db);
  const [filters, setFilters] = useState<EvidenceFilters>(NO_FILTERS);
  const deferredFilters = useDeferredValue(filters);
  const [limit, setLimit] = useState(PAGE_SIZE);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  // Have the background load the workspace doc while the reader looks, so the first edit is quick.
  useEffect(() => void askBackground({ type: 'workspace-info', load: 'background' }), []);

  const { items, total } = useMemo(
    () => filterEvidence(evidence.rows, deferredFilters, index, limit),
    // evidence.version: rows and index change in place
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [evidence.version, deferredFilters, index, limit],
  );
  const councils = useMemo(() => distinctValues(evidence.rows.values(), (r) => (r.deleted ? null : r.council)), [evidence.version]);
  const documentTypes = useMemo(() => distinctValues(evidence.rows.values(), (r) => (r.deleted ? null : r.documentType)), [evidence.version]);
  const liveTags = [...tags.values()].filter((t) => !t.deleted).sort((a, b) => a.name.localeCompare(b.name));
  const selected = selectedId ? evidence.rows.get(selectedId) : undefined;

  async function exportJson() {
    setMessage('Preparing export…');
    const result = await askBackground({ type: 'workspace-export' });
    if (!result.ok) return setMessage(`Export failed: ${result.error}`);
    downloadText(result.value.filename, result.value.json, 'application/json');
    setMessage(`Exported ${result.value.filename}`);
  }

  return (
    <div className="dashboard">
      <header className="top">
        <h1>Evident</h1>
        <p className="count" data-testid="evidence-count" aria-live="polite">
          {evidence.loaded ? `${total} of ${[...evidence.rows.values()].filter((r) => !r.deleted).length} clips` : 'Loading…'}
        </p>
        <button type="button" data-testid="export-json" onClick={() => void exportJson()}>
          Export JSON
        </button>
        <p role="status" className="message">
          {message}
        </p>
      </header>
      <aside className="sidebar">
        <Filters
          filters={filters}
          onChange={(f) => {
            setFilters(f);
            setLimit(PAGE_SIZE);
          }}
          councils={councils}
          documentTypes={documentTypes}
          tags={liveTags}
        />
      </aside>
      <main className="list">
        {evidence.loaded && total === 0 && (
          <p className="empty">
            {evidence.rows.size === 0
              ? 'No evidence yet. Select a passage on a council or Ofsted page and press “Clip”.'
              : 'No clips match. Try fewer words or clear a filter.'}
          </p>
        )}
        <ul className="evidence-list" aria-label="Evidence">
          {items.map((row) => (
            <EvidenceItem key={row.id} row={row} tags={tags} selected={row.id === selectedId} onOpen={setSelectedId} />
          ))}
        </ul>
        {items.length < total && (
          <button type="button" onClick={() => setLimit(limit + PAGE_SIZE)}>
            Show more ({total - items.length} more)
          </button>
        )}
      </main>
      {selected && <EvidenceDetail row={selected} tags={tags} onClose={() => setSelectedId(null)} />}
    </div>
  );
}
