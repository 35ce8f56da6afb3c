import { historyToKeep, type SnapshotPoint } from './history-policy';
import type { Statements } from './sqlite-statements';

/** One entry of the log as history reads it: an accepted update (or, from before v3, several squashed). */
export interface HistoryEntry {
  seq: number;
  /** How many accepted updates it holds: it covers seqs `seq - merged + 1` to `seq`. */
  merged: number;
  /** Unix ms: when its commit landed. */
  committedAt: number;
  data: Uint8Array;
}

export interface HistorySnapshot extends SnapshotPoint {
  state: Uint8Array;
}

export interface StoredSnapshotPoint extends SnapshotPoint {
  bytes: number;
}

/** What bounds the moments a workspace's history can rebuild (sync-server/history/workspace-at.ts). */
export interface HistoryBounds {
  /** The oldest entry kept (null: none, all folded into the snapshot). */
  firstEntry: { seq: number; merged: number; committedAt: number } | null;
  /** The newest entry: its seq and commit time (null: none). */
  lastEntry: { seq: number; committedAt: number } | null;
  oldestSnapshot: SnapshotPoint | null;
  /** The commit time of the newest entry squashed before schema v3 (null: none kept). */
  newestLegacySquashAt: number | null;
}

export interface Pruned {
  snapshots: number;
  updates: number;
}

type Transaction = <T>(work: () => T, mode?: 'IMMEDIATE' | 'DEFERRED') => T;

/** The first seq an entry covers: a squash from before v3 holds `merged` updates ending at its seq. */
export const firstSeqOf = (entry: Pick<HistoryEntry, 'seq' | 'merged'>) => entry.seq - entry.merged + 1;

/** The store's history queries, on its connection (sqlite-store.ts). `historyMs`: the retention window. */
export function createHistoryQueries(sql: Statements, transaction: Transaction, historyMs: number) {
  const snapshotPoints = (workspace: string): StoredSnapshotPoint[] =>
    sql.snapshotPoints.all(workspace).map((row) => ({ throughSeq: Number(row.through_seq), stateAt: Number(row.state_at), bytes: Number(row.bytes) }));

  /** Applies history-policy.ts, inside the caller's write transaction. */
  const prune = (workspace: string, now: number): Pruned => {
    let previous = 0;
    const points = snapshotPoints(workspace).map((point) => {
      const loggedBytes = Number(sql.loggedBytesBetween.get(workspace, previous, point.throughSeq)!.bytes);
      previous = point.throughSeq;
      return { ...point, loggedBytes };
    });
    const kept = historyToKeep(points, now, historyMs);
    const keep = new Set(kept.snapshots);
    let snapshots = 0;
    for (const point of points) {
      if (keep.has(point.throughSeq)) continue;
      sql.dropSnapshot.run(workspace, point.throughSeq);
      snapshots++;
    }
    const updates = kept.dropUpdatesThrough > 0 ? Number(sql.dropUpdatesThrough.run(workspace, kept.dropUpdatesThrough).changes) : 0;
    return { snapshots, updates };
  };

  return {
    prune,
    /** Drops what the window no longer needs (history-policy.ts), in a transaction of its own. */
    pruneHistory: (workspace: string, now: number): Pruned => transaction(() => prune(workspace, now)),
    /** What the workspace's history holds, read in one transaction; null when nothing is stored for it. */
    historyBounds: (workspace: string): HistoryBounds | null =>
      transaction(() => {
        const first = sql.firstEntry.get(workspace);
        const last = sql.lastEntry.get(workspace);
        const oldest = sql.oldestSnapshot.get(workspace);
        if (!first && !oldest) return null;
        const legacy = sql.newestLegacySquash.get(workspace)?.at;
        return {
          firstEntry: first ? { seq: Number(first.seq), merged: Number(first.merged), committedAt: Number(first.created_at) } : null,
          lastEntry: last ? { seq: Number(last.seq), committedAt: Number(last.created_at) } : null,
          oldestSnapshot: oldest ? { throughSeq: Number(oldest.through_seq), stateAt: Number(oldest.state_at) } : null,
          newestLegacySquashAt: legacy === null || legacy === undefined ? null : Number(legacy),
        };
      }, 'DEFERRED'),
    /** The stored snapshots, oldest first (no blob is read). */
    snapshotPoints: (workspace: string) => transaction(() => snapshotPoints(workspace), 'DEFERRED'),
    /**
     * Reads, in one read transaction, where a replay to `at` (Unix ms) starts: the newest snapshot
     * showing a moment at or before it (null: none, the replay starts from an empty doc), handed to
     * `visit.snapshot` first; then hands `visit.entry` every log entry after that snapshot, in log
     * order, until it returns false. The caller checks the entries continue the snapshot without a
     * gap (history/workspace-at.ts). Returns the snapshot.
     */
    readHistory(
      workspace: string,
      at: number,
      visit: { snapshot?: (snapshot: HistorySnapshot | null) => void; entry: (entry: HistoryEntry) => boolean | void },
    ): HistorySnapshot | null {
      return transaction(() => {
        const start = snapshotPoints(workspace).findLast((p) => p.stateAt <= at) ?? null;
        const row = start ? sql.snapshotAt.get(workspace, start.throughSeq) : undefined;
        const snapshot = row ? { throughSeq: Number(row.through_seq), stateAt: Number(row.state_at), state: row.state as Uint8Array } : null;
        visit.snapshot?.(snapshot);
        for (const entry of sql.historyAfter.iterate(workspace, snapshot?.throughSeq ?? 0)) {
          const next = { seq: Number(entry.seq), merged: Number(entry.merged), committedAt: Number(entry.created_at), data: entry.data as Uint8Array };
          if (visit.entry(next) === false) break;
        }
        return snapshot;
      }, 'DEFERRED');
    },
  };
}
