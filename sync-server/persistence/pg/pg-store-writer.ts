import type { CompactionResult, StoreWriter } from '../store-writer';
import { createPgCommitQueue } from './commit-queue';
import { startFoldThread } from './fold-thread';
import type { PgAppendResult, PgSyncStore } from './types';

export interface PgStoreWriterOptions {
  /** After each group commit: how many updates it stored, and how long its transaction took (seconds). */
  onCommit?: (updates: number, seconds: number) => void;
  /**
   * Right after an update's COMMIT, before its promise's callbacks run (so before the room
   * broadcasts it): the fan-out notes the seq as held here and tells the other instances.
   */
  onCommitted?: (workspace: string, committed: PgAppendResult, update: Uint8Array) => void;
  /** A fold not done because another instance held the document's advisory lock. */
  onCompactionBusy?: (workspace: string) => void;
}

/**
 * The rooms' StoreWriter (store-writer.ts) on PostgreSQL, so a room drives either store the same
 * way: appends go through the commit queue (group commit, one transaction per batch, resolved
 * after COMMIT in the order handed over), and folds run under the document's advisory lock with
 * the merge on a worker thread.
 *
 * - A squash (merging the log's tail into one entry) is SQLite's; here the log is folded only,
 *   so a squash answers "nothing to do" and the room asks again after another `maxEntries`.
 * - Another instance folding the same document ('busy') is "nothing to do" too: it is being done.
 * - `failure` stays null: PostgreSQL going away fails the commits in flight (their rooms reload,
 *   their writers are told to retry), but the next commit may work again, so the server keeps
 *   running and says it is not ready meanwhile (database-health.ts), rather than exiting.
 */
export function openPgStoreWriter(store: PgSyncStore, options: PgStoreWriterOptions = {}): StoreWriter {
  const queue = createPgCommitQueue(store, { onCommit: options.onCommit });
  const folds = startFoldThread();
  const compactions = new Map<string, Promise<CompactionResult | null>>();
  let closing: Promise<void> | null = null;

  const compactNow = async (workspace: string): Promise<CompactionResult | null> => {
    const outcome = await store.compact(workspace, folds.fold);
    if (outcome.status === 'busy') options.onCompactionBusy?.(workspace);
    if (outcome.status !== 'compacted') return null;
    const { throughSeq, merged, snapshotBytes, entries, bytes } = outcome;
    return { kind: 'snapshot', throughSeq, merged, snapshotBytes, entries, bytes };
  };

  return {
    async append(workspace, update) {
      if (closing) throw new Error(`workspace ${workspace}: update not stored: the store writer is closed`);
      const committed = await queue.append(workspace, update);
      options.onCommitted?.(workspace, committed, update);
      return { seq: committed.seq, entries: committed.entries, bytes: committed.bytes };
    },
    compact(workspace, kind = 'snapshot') {
      if (kind === 'squash') return Promise.resolve(null);
      const pending = compactions.get(workspace);
      if (pending) return pending;
      const promise = compactNow(workspace).finally(() => compactions.delete(workspace));
      compactions.set(workspace, promise);
      return promise;
    },
    discard: (workspace, reason) => queue.discard(workspace, reason),
    failure: null,
    synchronous: 'on (PostgreSQL synchronous_commit)',
    close() {
      closing ??= (async () => {
        await queue.drain();
        await Promise.allSettled([...compactions.values()]);
        await folds.close();
      })();
      return closing;
    },
  };
}
