import * as Y from 'yjs';
import { err, ok, type Result } from '../../shared/result';
import { firstSeqOf, type HistoryBounds, type HistoryEntry, type HistorySnapshot } from '../persistence/sqlite-history';

/**
 * What rebuilding a past reads: SQLite answers at once (sqlite-history.ts), PostgreSQL over the
 * network (pg/pg-history.ts); the same code reads both.
 */
export interface HistoryStore {
  historyBounds(workspace: string): HistoryBounds | null | Promise<HistoryBounds | null>;
  readHistory(
    workspace: string,
    at: number,
    visit: { snapshot?: (snapshot: HistorySnapshot | null) => void; entry: (entry: HistoryEntry) => boolean | void },
  ): HistorySnapshot | null | Promise<HistorySnapshot | null>;
}

/** The moments a workspace can be rebuilt at (Unix ms, both included). */
export interface RestorableRange {
  from: number;
  to: number;
}

/**
 * From the start of what the database keeps (the workspace's first update, or the oldest snapshot
 * once older history is dropped), never before the retention window, and never inside an entry
 * squashed before history was kept (its updates share one time), to `now`. Null: nothing is stored.
 */
export async function restorableRange(
  store: HistoryStore,
  workspace: string,
  { now, historyMs }: { now: number; historyMs: number },
): Promise<RestorableRange | null> {
  const bounds = await store.historyBounds(workspace);
  if (!bounds) return null;
  const logStartsAtFirstUpdate = bounds.firstEntry !== null && firstSeqOf(bounds.firstEntry) === 1;
  const kept = logStartsAtFirstUpdate ? bounds.firstEntry!.committedAt : (bounds.oldestSnapshot?.stateAt ?? now);
  return { from: Math.max(kept, bounds.newestLegacySquashAt ?? -Infinity, now - historyMs), to: now };
}

export interface WorkspaceAt {
  /** The workspace as it was: every update committed at or before the moment, and none after. */
  doc: Y.Doc;
  /** The last update it holds (its log seq and commit time): the moment it actually shows. */
  throughSeq: number;
  stateAt: number;
}

/**
 * Rebuilds the workspace as it was at `at` (Unix ms): the newest snapshot showing a moment at or
 * before it, then the log's updates after that snapshot in commit order, up to the first one
 * committed after `at`. An error, not a wrong doc, when the history kept has a gap there.
 */
export async function workspaceAt(store: HistoryStore, workspace: string, at: number): Promise<Result<WorkspaceAt, string>> {
  const entries: HistoryEntry[] = [];
  const snapshot = await store.readHistory(workspace, at, {
    entry: (entry) => {
      if (entry.committedAt > at) return false;
      entries.push(entry);
    },
  });
  let expected = (snapshot?.throughSeq ?? 0) + 1;
  for (const entry of entries) {
    if (firstSeqOf(entry) !== expected) {
      return err(`workspace ${workspace}: the history kept has no updates ${expected}..${firstSeqOf(entry) - 1}, so ${new Date(at).toISOString()} cannot be rebuilt`);
    }
    expected = entry.seq + 1;
  }
  const doc = new Y.Doc();
  doc.transact(() => {
    if (snapshot) Y.applyUpdate(doc, snapshot.state);
    for (const entry of entries) Y.applyUpdate(doc, entry.data);
  });
  // An update whose dependencies were never stored would wait in the doc, silently missing.
  if (doc.store.pendingStructs || doc.store.pendingDs) {
    doc.destroy();
    return err(`workspace ${workspace}: the history kept up to ${new Date(at).toISOString()} is incomplete (updates wait for ones not stored)`);
  }
  const last = entries.at(-1);
  return ok({ doc, throughSeq: last?.seq ?? snapshot?.throughSeq ?? 0, stateAt: last?.committedAt ?? snapshot?.stateAt ?? at });
}
