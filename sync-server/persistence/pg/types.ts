import type { InviteRecord } from '../types';
import type { PgHistoryQueries } from './pg-history';

/**
 * The PostgreSQL store: the authoritative log when several server instances share one database.
 * It mirrors SyncStore (../types.ts) where that makes sense, but every call is async (a network
 * round trip), and it says more about positions, because instances that learn of each other's
 * commits through a stream must apply them strictly by seq:
 *
 * - Every document has a head row (`documents`). A commit takes that row's lock (SELECT … FOR
 *   UPDATE) and numbers its updates from it, in the same transaction, so seqs per document are
 *   contiguous and in commit order across instances. A database sequence would not do: values are
 *   handed out at INSERT, and a transaction that took 7 can commit after the one that took 8.
 * - `commit(appends)` is one transaction for a batch of updates to any documents (group commit),
 *   with synchronous_commit on; it resolves only after COMMIT, so what it returns may be broadcast.
 * - An update carries its SHA-256: sent again (a client resending after its instance died between
 *   COMMIT and the acknowledgement) it is stored once, and the answer is the seq it already has.
 * - A snapshot carries the seq it covers. `loadDoc` is the newest snapshot plus the rows after it,
 *   read in one REPEATABLE READ transaction; `readUpdatesAfter` reads the rows after a seq (gap
 *   fill), or says they were pruned (then load again).
 * - `compact` runs under pg_try_advisory_xact_lock for the document, so two instances never compact
 *   one document at once (the loser is told 'busy'). The snapshot it replaces is kept, with the rows
 *   after it, for one more cycle, so a reader who read that snapshot still finds its rows; older
 *   history goes by the retention window (../history-policy.ts), and `history` and `restore` read
 *   that window as they do on SQLite (pg-history.ts).
 */
export interface PgSyncStore extends PgHistoryQueries {
  /** The newest snapshot (null: none yet) and every update after it, in seq order; `lastSeq` is the last one read. */
  loadDoc(workspace: string): Promise<LoadedDoc>;
  /** Updates after `afterSeq`, in order (at most `limit`), or `pruned` when some of them are gone (load the snapshot instead). */
  readUpdatesAfter(workspace: string, afterSeq: number, limit?: number): Promise<UpdatesAfter>;
  /** One transaction, one COMMIT: each update's outcome, in the order given. Throws (nothing stored) if the transaction fails. */
  commit(appends: ReadonlyArray<{ workspace: string; update: Uint8Array }>): Promise<PgAppendResult[]>;
  /** `commit` of one update. */
  appendUpdate(workspace: string, update: Uint8Array): Promise<PgAppendResult>;
  /**
   * `appendUpdate`, only if the document's last seq is still `expectedLastSeq` (checked under the
   * head row's lock, in the commit's transaction); null when it has moved, and nothing is stored.
   * For a command that read the document and made its change from what it read.
   */
  appendUpdateIf(workspace: string, update: Uint8Array, expectedLastSeq: number): Promise<PgAppendResult | null>;
  /**
   * Folds the snapshot and the log after it into a new snapshot, if no other instance is compacting
   * the document. `fold` may run elsewhere (a worker thread); the advisory lock is held meanwhile.
   */
  compact(workspace: string, fold?: FoldLog): Promise<CompactionOutcome>;
  /** The last seq given (0: none), and what a load replays after the snapshot (entries, bytes). */
  logInfo(workspace: string): Promise<{ lastSeq: number; entries: number; bytes: number }>;
  workspaces(): Promise<string[]>;
  /** The newest snapshot's size and the seq it covers (null: none yet). */
  snapshotInfo(workspace: string): Promise<{ bytes: number; throughSeq: number } | null>;
  /** The last seq given for each of these documents (0 for one never written): how far behind an instance is. */
  headSeqs(workspaces: readonly string[]): Promise<Map<string, number>>;

  isRevoked(jti: string): Promise<boolean>;
  /** Revocations recorded at or after `sinceMs` (Unix ms, by the clock of the instance that revoked). */
  revocationsSince(sinceMs: number): Promise<Array<{ jti: string; at: number }>>;
  revoke(jti: string, reason: string): Promise<void>;
  /** Records a minted token (expiry in Unix seconds, as its `exp`) so it can be listed and revoked by id. */
  recordInvite(invite: { jti: string; workspace: string; role: string; expiresAt: number }): Promise<void>;
  invites(): Promise<InviteRecord[]>;
  /** The signing secret: generated once and kept here (the first instance to ask wins), unless given from the environment. */
  secret(): Promise<Uint8Array>;
  /**
   * A random id made once per database. Fan-out keys carry it, so a Redis shared with another
   * database (or outliving a restore of this one) never mixes their seqs.
   */
  databaseId(): Promise<string>;
  /** One round trip (SELECT 1): whether the database answers now. Rejects if it does not. */
  ping(): Promise<void>;
  /** Ends the pool (when the store opened it). */
  close(): Promise<void>;
}

export interface LoadedDoc {
  snapshot: Uint8Array | null;
  /** The seq the snapshot covers (0: no snapshot). */
  snapshotSeq: number;
  updates: Uint8Array[];
  /** The seq of the last update read, or `snapshotSeq` when there is none. */
  lastSeq: number;
}

export type UpdatesAfter =
  | { ok: true; entries: Array<{ seq: number; update: Uint8Array }> }
  | { ok: false; reason: 'pruned'; prunedThrough: number };

export interface PgAppendResult {
  seq: number;
  /** Already stored (same document, same bytes): `seq` is the one it had. */
  isDuplicate: boolean;
  /** What a load replays after the snapshot once this commit is in (the room's compaction policy reads it). */
  entries: number;
  bytes: number;
}

/** Snapshot + updates → the new snapshot's state. */
export type FoldLog = (snapshot: Uint8Array | null, updates: Uint8Array[]) => Uint8Array | Promise<Uint8Array>;

export type CompactionOutcome =
  | { status: 'compacted'; throughSeq: number; merged: number; snapshotBytes: number; entries: number; bytes: number }
  /** Another instance holds the document's compaction lock. */
  | { status: 'busy' }
  /** No update after the snapshot. */
  | { status: 'nothing-to-do' };
