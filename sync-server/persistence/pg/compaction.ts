import type { Pool, PoolClient } from 'pg';
import { historyToKeep } from '../history-policy';
import { ADVISORY_LOCK_CLASS } from './migrations';
import type { CompactionOutcome, FoldLog } from './types';

export interface CompactionSettings {
  /** How long history is kept (ms); 0: only the snapshot a room loads and the one before it. */
  historyMs: number;
  now: () => number;
}

const toBuffer = (value: unknown) => value as Buffer;

/**
 * Folds the document's snapshot and log into a new snapshot, in one transaction that holds the
 * document's advisory lock from the read to the install: another instance asking meanwhile gets
 * 'busy' at once (pg_try_…, never a wait), so a document is folded by one instance at a time. The
 * lock ends with the transaction, also when the connection drops. Commits go on meanwhile: they
 * take the head row's lock, which the install takes only for its last statements.
 */
export async function compactDocument(pool: Pool, workspace: string, fold: FoldLog, settings: CompactionSettings): Promise<CompactionOutcome> {
  const client = await pool.connect();
  let isBroken = false;
  try {
    await client.query('BEGIN');
    try {
      const outcome = await foldUnderLock(client, workspace, fold, settings);
      await client.query(outcome.status === 'compacted' ? 'COMMIT' : 'ROLLBACK');
      return outcome;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => (isBroken = true));
      throw e;
    }
  } finally {
    client.release(isBroken);
  }
}

async function foldUnderLock(client: PoolClient, workspace: string, fold: FoldLog, settings: CompactionSettings): Promise<CompactionOutcome> {
  const { rows: lock } = await client.query('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked', [ADVISORY_LOCK_CLASS, workspace]);
  if (!lock[0]!.locked) return { status: 'busy' };

  const { rows: snapshots } = await client.query(
    'SELECT through_seq, state FROM snapshots WHERE workspace = $1 ORDER BY through_seq DESC LIMIT 1',
    [workspace],
  );
  const previousSeq = snapshots.length ? Number(snapshots[0]!.through_seq) : 0;
  const { rows: log } = await client.query('SELECT seq, created_at, data FROM updates WHERE workspace = $1 AND seq > $2 ORDER BY seq', [workspace, previousSeq]);
  if (log.length === 0) return { status: 'nothing-to-do' };

  const state = await fold(snapshots.length ? toBuffer(snapshots[0]!.state) : null, log.map((row) => toBuffer(row.data)));
  const throughSeq = Number(log.at(-1)!.seq);
  const at = settings.now();

  // From here the head row is locked: commits to this document wait for the install's few statements.
  const { rows: head } = await client.query('SELECT snapshot_seq FROM documents WHERE workspace = $1 FOR UPDATE', [workspace]);
  // Only a holder of the advisory lock stores a snapshot: this is a safeguard.
  if (Number(head[0]!.snapshot_seq) !== previousSeq) {
    throw new Error(`workspace ${workspace}: compaction failed: the snapshot moved from seq ${previousSeq} to ${head[0]!.snapshot_seq} meanwhile`);
  }
  await client.query('INSERT INTO snapshots (workspace, through_seq, state_at, created_at, state) VALUES ($1, $2, $3, $4, $5)', [
    workspace,
    throughSeq,
    Number(log.at(-1)!.created_at),
    at,
    Buffer.from(state.buffer, state.byteOffset, state.byteLength),
  ]);
  const dropThrough = await pruneHistory(client, workspace, previousSeq, at, settings.historyMs);
  const { rows: left } = await client.query(
    `UPDATE documents SET snapshot_seq = $2, pruned_through = GREATEST(pruned_through, $3),
       (log_entries, log_bytes) = (SELECT COUNT(*), COALESCE(SUM(octet_length(data)), 0) FROM updates WHERE workspace = $1 AND seq > $2)
     WHERE workspace = $1 RETURNING log_entries, log_bytes`,
    [workspace, throughSeq, dropThrough],
  );
  return {
    status: 'compacted',
    throughSeq,
    merged: log.length,
    snapshotBytes: state.byteLength,
    entries: Number(left[0]!.log_entries),
    bytes: Number(left[0]!.log_bytes),
  };
}

/**
 * Drops what neither the retention window (history-policy.ts) nor the snapshot just replaced needs.
 * That one is kept for one more cycle, with the rows after it: an instance that read it a moment
 * ago still finds the rest of its log. Returns the seq the log is now pruned through.
 */
async function pruneHistory(client: PoolClient, workspace: string, previousSeq: number, now: number, historyMs: number): Promise<number> {
  const { rows } = await client.query('SELECT through_seq, state_at FROM snapshots WHERE workspace = $1 ORDER BY through_seq', [workspace]);
  const points = rows.map((row) => ({ throughSeq: Number(row.through_seq), stateAt: Number(row.state_at) }));
  const policy = historyToKeep(points, now, historyMs);
  const kept = [...new Set([...policy.snapshots, ...(previousSeq ? [previousSeq] : [])])];
  const dropThrough = Math.min(policy.dropUpdatesThrough, previousSeq);
  await client.query('DELETE FROM snapshots WHERE workspace = $1 AND NOT (through_seq = ANY($2::bigint[]))', [workspace, kept]);
  if (dropThrough > 0) await client.query('DELETE FROM updates WHERE workspace = $1 AND seq <= $2', [workspace, dropThrough]);
  return dropThrough;
}
