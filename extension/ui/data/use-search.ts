import { useMemo, useRef } from 'react';
import { SearchIndex } from '../../../shared/search/search-index';
import { searchableTextOf } from '../../../shared/search/evidence-text';
import type { EvidenceRows } from './use-evidence-rows';

/** A search index over the evidence rows, updated with each batch of changed rows. */
export function useSearchIndex(evidence: EvidenceRows): SearchIndex {
  const ref = useRef<{ index: SearchIndex; version: number } | null>(null);
  return useMemo(() => {
    if (!ref.current || evidence.changed.length === evidence.rows.size) {
      // First load (or a full reload): index everything.
      const index = new SearchIndex();
      for (const row of evidence.rows.values()) if (!row.deleted) index.set(row.id, searchableTextOf(row));
      ref.current = { index, version: evidence.version };
      return index;
    }
    const { index } = ref.current;
    if (ref.current.version !== evidence.version) {
      for (const row of evidence.changed) {
        if (row.deleted) index.remove(row.id);
        else index.set(row.id, searchableTextOf(row));
      }
      ref.current.version = evidence.version;
    }
    return index;
  }, [evidence]);
}
