import type { SearchIndex } from '../../../shared/search/search-index';
import type { EvidenceRow } from '../../../shared/workspace/rows';

export interface EvidenceFilters {
  query: string;
  council: string;
  documentType: string;
  /** ISO dates, inclusive; compared with the document's date. */
  dateFrom: string;
  dateTo: string;
  tagId: string;
  /** Only clips linked to this plan action (set from the plan and coverage views). */
  actionId: string;
  /** The recently deleted clips instead of the live ones (to restore one). */
  deleted?: boolean;
}

export const NO_FILTERS: EvidenceFilters = { query: '', council: '', documentType: '', dateFrom: '', dateTo: '', tagId: '', actionId: '', deleted: false };

export function matchesFilters(row: EvidenceRow, f: EvidenceFilters): boolean {
  if (Boolean(row.deleted) !== Boolean(f.deleted)) return false;
  if (f.council && row.council !== f.council) return false;
  if (f.documentType && row.documentType !== f.documentType) return false;
  if (f.tagId && !row.tagIds.includes(f.tagId)) return false;
  if (f.actionId && !row.actionIds.includes(f.actionId)) return false;
  if (f.dateFrom && (!row.documentDate || row.documentDate < f.dateFrom)) return false;
  if (f.dateTo && (!row.documentDate || row.documentDate > f.dateTo)) return false;
  return true;
}

/**
 * The evidence to list: with a query, ranked by relevance (BM25) among rows passing the filters;
 * without one, newest clip first.
 */
export function filterEvidence<T extends EvidenceRow>(
  rows: Map<string, T>,
  filters: EvidenceFilters,
  index: SearchIndex,
  limit: number,
): { items: T[]; total: number } {
  if (filters.query.trim()) {
    const result = index.search(filters.query, {
      limit,
      filter: (id) => {
        const row = rows.get(id);
        return !!row && matchesFilters(row, filters);
      },
    });
    return { items: result.hits.map((h) => rows.get(h.id)!), total: result.total };
  }
  const matching = [...rows.values()].filter((row) => matchesFilters(row, filters));
  // Deleted clips newest deletion first (the one just deleted on top); live ones newest clip first.
  const when = (row: T) => (filters.deleted ? (row.deletedAt ?? '') : row.createdAt);
  matching.sort((a, b) => when(b).localeCompare(when(a)) || a.id.localeCompare(b.id));
  return { items: matching.slice(0, limit), total: matching.length };
}

/** Distinct non-empty values of a field, sorted, for filter menus. */
export function distinctValues<T>(rows: Iterable<T>, pick: (row: T) => string | null): string[] {
  const values = new Set<string>();
  for (const row of rows) {
    const v = pick(row);
    if (v) values.add(v);
  }
  return [...values].sort((a, b) => a.localeCompare(b));
}
