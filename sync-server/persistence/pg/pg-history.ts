import type { PoolClient } from 'pg';
import type { HistoryBounds, HistoryEntry, HistorySnapshot, StoredSnapshotPoint } from '../sqlite-history';

/** Rows read per round trip while a replay walks the log: a month of a busy workspace is read in pages, not at once. */
const PAGE_ROWS = 1_000;

type ReadConsistently = <T>(work: (client: PoolClient) => Promise<T>) => Promise<T>;

const bytesOf = (value: unknown) => value as Buffer;

/**
 * The history queries of the SQLite store (sqlite-history.ts) on PostgreSQL, so `history` and
 * `restore` read the same retention window from either. Each reads in one REPEATABLE READ
 * transaction: compaction on another instance may prune meanwhile, and a replay must see the
 * snapshot and the rows after it as one state. Every PostgreSQL log row is one update (`merged` 1):
 * there is no squashed entry from before history was kept.
 */
export function pgHistoryQueries(readConsistently: ReadConsistently) {
  const snapshotPoints = async (client: PoolClient, workspace: string): Promise<StoredSnapshotPoint[]> => {
    const { rows } = await client.query(
      'SELECT through_seq, state_at, octet_length(state) AS bytes FROM snapshots WHERE workspace = $1 ORDER BY through_seq',
      [workspace],
    );
    return rows.map((row) => ({ throughSeq: Number(row.through_seq), stateAt: Number(row.state_at), bytes: Number(row.bytes) }));
  };

  return {
    /** The stored snapshots, oldest first (no state is read). */
    snapshotPoints: (workspace: string) => readConsistently((client) => snapshotPoints(client, workspace)),

    /** What the workspace's history holds; null when nothing is stored for it. */
    historyBounds: (workspace: string): Promise<HistoryBounds | null> =>
      readConsistently(async (client) => {
        const { rows: first } = await client.query('SELECT seq, created_at FROM updates WHERE workspace = $1 ORDER BY seq LIMIT 1', [workspace]);
        const { rows: last } = await client.query('SELECT seq, created_at FROM updates WHERE workspace = $1 ORDER BY seq DESC LIMIT 1', [workspace]);
        const { rows: oldest } = await client.query(
          'SELECT through_seq, state_at FROM snapshots WHERE workspace = $1 ORDER BY through_seq LIMIT 1',
          [workspace],
        );
        if (!first.length && !oldest.length) return null;
        return {
          firstEntry: first.length ? { seq: Number(first[0]!.seq), merged: 1, committedAt: Number(first[0]!.created_at) } : null,
          lastEntry: last.length ? { seq: Number(last[0]!.seq), committedAt: Number(last[0]!.created_at) } : null,
          oldestSnapshot: oldest.length ? { throughSeq: Number(oldest[0]!.through_seq), stateAt: Number(oldest[0]!.state_at) } : null,
          newestLegacySquashAt: null,
        };
      }),

    /**
     * As SQLite's readHistory: the newest snapshot showing a moment at or before `at` to
     * `visit.snapshot`, then every log row after it, in seq order, to `visit.entry` until it returns false.
     */
    readHistory: (
      workspace: string,
      at: number,
      visit: { snapshot?: (snapshot: HistorySnapshot | null) => void; entry: (entry: HistoryEntry) => boolean | void },
    ): Promise<HistorySnapshot | null> =>
      readConsistently(async (client) => {
        const start = (await snapshotPoints(client, workspace)).findLast((p) => p.stateAt <= at) ?? null;
        let snapshot: HistorySnapshot | null = null;
        if (start) {
          const { rows } = await client.query('SELECT state FROM snapshots WHERE workspace = $1 AND through_seq = $2', [workspace, start.throughSeq]);
          snapshot = { throughSeq: start.throughSeq, stateAt: start.stateAt, state: bytesOf(rows[0]!.state) };
        }
        visit.snapshot?.(snapshot);
        let after = snapshot?.throughSeq ?? 0;
        for (;;) {
          const { rows } = await client.query('SELECT seq, created_at, data FROM updates WHERE workspace = $1 AND seq > $2 ORDER BY seq LIMIT $3', [
            workspace,
            after,
            PAGE_ROWS,
          ]);
          for (const row of rows) {
            const entry = { seq: Number(row.seq), merged: 1, committedAt: Number(row.created_at), data: bytesOf(row.data) };
            if (visit.entry(entry) === false) return snapshot;
          }
          if (rows.length < PAGE_ROWS) return snapshot;
          after = Number(rows.at(-1)!.seq);
        }
      }),
  };
}

export type PgHistoryQueries = ReturnType<typeof pgHistoryQueries>;
