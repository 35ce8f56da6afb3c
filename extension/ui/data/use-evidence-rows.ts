import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import type { EvidenceRow } from '../../../shared/workspace/rows';
import type { ProjectionDb, Stored } from '../../db/projection-db';

export interface EvidenceRows {
  rows: Map<string, Stored<EvidenceRow>>;
  /** Rows written since the previous version (for incremental work such as search indexing). */
  changed: Stored<EvidenceRow>[];
  version: number;
  loaded: boolean;
}

/**
 * All evidence rows of the workspace, kept current by watching only rows with a newer `seq`, so a new
 * clip costs one small query rather than re-reading 50,000 rows.
 */
export function useEvidenceRows(db: ProjectionDb | null): EvidenceRows {
  const [state, setState] = useState<EvidenceRows>({ rows: new Map(), changed: [], version: 0, loaded: false });
  useEffect(() => {
    if (!db) return;
    const rows = new Map<string, Stored<EvidenceRow>>();
    let lastSeq = -1;
    let version = 0;
    const subscription = liveQuery(() => db.evidence.where('seq').above(lastSeq).toArray()).subscribe({
      next: (changed) => {
        if (changed.length === 0 && version > 0) return;
        for (const row of changed) {
          rows.set(row.id, row);
          lastSeq = Math.max(lastSeq, row.seq);
        }
        version++;
        setState({ rows, changed, version, loaded: true });
      },
      error: (error) => console.error('[evident] reading evidence failed', error),
    });
    return () => subscription.unsubscribe();
  }, [db]);
  return state;
}

/** How many live clips each action has, for the plan's evidence column. */
export function evidenceCountsByAction(rows: Iterable<EvidenceRow>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (row.deleted) continue;
    for (const actionId of new Set(row.actionIds)) counts.set(actionId, (counts.get(actionId) ?? 0) + 1);
  }
  return counts;
}
