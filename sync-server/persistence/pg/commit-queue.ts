import type { PgAppendResult, PgSyncStore } from './types';

/**
 * Group commit on PostgreSQL: what the rooms hand over in one turn of the event loop, and whatever
 * arrives while a commit is in flight, goes into the next transaction together (one COMMIT, one
 * WAL flush). One commit at a time per instance: each promise resolves after its COMMIT, in the
 * order handed over, so a room broadcasts in seq order. Other instances commit beside it; the
 * documents' head-row locks order them.
 */
export interface PgCommitQueue {
  /** Resolves once `update` is committed (its seq, or the seq it already had); rejects naming the workspace. */
  append(workspace: string, update: Uint8Array): Promise<PgAppendResult>;
  /** Rejects the workspace's appends not yet sent (its room was dropped: they must not be stored after it). */
  discard(workspace: string, reason: string): void;
  /** Resolves once everything handed over so far is answered. */
  drain(): Promise<void>;
}

export interface PgCommitQueueOptions {
  /** At most this many updates per transaction; a longer backlog commits in several. Default 1000. */
  maxBatch?: number;
  /** After each commit: how many updates it stored, and how long it took (seconds). */
  onCommit?: (updates: number, seconds: number) => void;
}

interface Pending {
  workspace: string;
  update: Uint8Array;
  resolve: (result: PgAppendResult) => void;
  reject: (error: Error) => void;
}

const notStored = (workspace: string, error: unknown) =>
  new Error(`workspace ${workspace}: update not stored: ${error instanceof Error ? error.message : String(error)}`);

export function createPgCommitQueue(store: Pick<PgSyncStore, 'commit'>, options: PgCommitQueueOptions = {}): PgCommitQueue {
  const maxBatch = options.maxBatch ?? 1000;
  let waiting: Pending[] = [];
  let isCommitting = false;
  let isScheduled = false;
  const drainWaiters: Array<() => void> = [];

  /**
   * All in one transaction. If it fails and holds several workspaces, each workspace's updates are
   * tried again on their own, so one document's failure does not fail the others'. Sending again
   * is safe even if the first COMMIT did land (its answer lost with the connection): the digests
   * make the store answer with the seqs already given.
   */
  const commitBatch = async (batch: Pending[]) => {
    const started = performance.now();
    try {
      const results = await store.commit(batch);
      options.onCommit?.(batch.length, (performance.now() - started) / 1000);
      batch.forEach((item, i) => item.resolve(results[i]!));
      return;
    } catch (error) {
      const workspaces = [...new Set(batch.map((item) => item.workspace))];
      if (workspaces.length === 1) return batch.forEach((item) => item.reject(notStored(item.workspace, error)));
    }
    for (const workspace of [...new Set(batch.map((item) => item.workspace))]) {
      const items = batch.filter((item) => item.workspace === workspace);
      try {
        const results = await store.commit(items);
        items.forEach((item, i) => item.resolve(results[i]!));
      } catch (error) {
        items.forEach((item) => item.reject(notStored(workspace, error)));
      }
    }
  };

  const flush = async () => {
    isScheduled = false;
    if (isCommitting) return;
    isCommitting = true;
    while (waiting.length) await commitBatch(waiting.splice(0, maxBatch));
    isCommitting = false;
    for (const resolve of drainWaiters.splice(0)) resolve();
  };

  // At the end of the turn, so a turn's appends go in one transaction.
  const schedule = () => {
    if (isScheduled || isCommitting) return;
    isScheduled = true;
    setImmediate(() => void flush());
  };

  return {
    append: (workspace, update) =>
      new Promise<PgAppendResult>((resolve, reject) => {
        waiting.push({ workspace, update, resolve, reject });
        schedule();
      }),
    discard(workspace, reason) {
      const dropped = waiting.filter((item) => item.workspace === workspace);
      waiting = waiting.filter((item) => item.workspace !== workspace);
      for (const item of dropped) item.reject(notStored(workspace, reason));
    },
    drain: () => (waiting.length === 0 && !isCommitting && !isScheduled ? Promise.resolve() : new Promise<void>((resolve) => drainWaiters.push(resolve))),
  };
}
