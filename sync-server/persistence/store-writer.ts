import { Worker } from 'node:worker_threads';
import { DEFAULT_HISTORY_DAYS, historyMsOf } from './history-policy';
import { packAppends, packedBuffers } from './packed-appends';
import type { CompactionInstall } from './sqlite-store';
import type { AppendRequest, AppendResult, CompactionKind, Fold, FromWorker, StoreWorkerData, ToCommitter, ToCompactor } from './store-worker';

export type { AppendResult, CompactionKind } from './store-worker';

/** What one compaction did: the snapshot (or, for a squash, one log entry) now covers the log through `throughSeq`. */
export interface CompactionResult {
  kind: CompactionKind;
  throughSeq: number;
  /** Log entries folded into the snapshot (or merged into one), and the snapshot's size (null: a squash left it as it was). */
  merged: number;
  snapshotBytes: number | null;
  /** The log left past the snapshot (what was committed while it was folded). */
  entries: number;
  bytes: number;
}

/**
 * The server's way to write: worker threads (store-worker.ts), each with its own SQLite connection.
 * The committer group-commits updates: those handed over while a commit is in flight, or in the
 * same turn of the event loop, go into the next transaction together, with one fsync. Each promise
 * resolves once its update is durable, in the order they were handed over (per workspace and
 * overall). The event loop never waits for the disk, and a slow fsync delays only the updates
 * committed with it, not every room's traffic. The compactor folds logs into snapshots, which the
 * committer then stores, so compactions hold up neither the event loop nor commits.
 */
export interface StoreWriter {
  /** Resolves once `update` is durably in the workspace's log; rejects with an error naming the workspace. */
  append(workspace: string, update: Uint8Array): Promise<AppendResult>;
  /**
   * Folds the workspace's stored log into its snapshot, or squashes the log's tail of single updates
   * into one entry (see CompactionKind), entirely off the main thread (null: nothing to do). At most
   * one per workspace is pending: asking again meanwhile returns the same promise.
   */
  compact(workspace: string, kind?: CompactionKind): Promise<CompactionResult | null>;
  /** Rejects the workspace's appends not yet sent to the committer (its room was dropped: they must not be stored after it). */
  discard(workspace: string, reason: string): void;
  /** Why a worker stopped, if one did; every append fails from then on. */
  readonly failure: Error | null;
  /** How commits reach the disk: the committer's `synchronous`, as SQLite reports it. */
  readonly synchronous: string;
  /** Commits what is queued and finishes pending compactions, then closes the connections and ends the workers. */
  close(): Promise<void>;
}

export interface StoreWriterOptions {
  /** After each group commit: how many updates it stored, and how long its transaction took in the committer (fsync included). */
  onCommit?: (updates: number, seconds: number) => void;
  /** A worker stopped unexpectedly. */
  onFailure?: (error: Error) => void;
  /** How often the compactor checkpoints the WAL (the committer never does: see SqliteStoreOptions.autoCheckpoint). Default 500. */
  checkpointEveryMs?: number;
  /** SyncServerConfig.synchronous. Default 'full'. */
  synchronous?: StoreWorkerData['synchronous'];
  /** How long history is kept, in ms (SyncServerConfig.historyDays). Default 30 days. */
  historyMs?: number;
}

const WORKER_ENTRY = new URL('./store-worker-entry.mjs', import.meta.url);

interface PendingAppend extends AppendRequest {
  resolve: (result: AppendResult) => void;
  reject: (error: Error) => void;
}

interface PendingCompaction {
  workspace: string;
  resolve: (result: CompactionResult | null) => void;
  reject: (error: Error) => void;
}

interface PendingInstall {
  fold: Fold;
  compaction: PendingCompaction;
  /** The fold's size, read before its buffer is handed to the committer (a transferred buffer reads as empty). */
  stateBytes: number;
}

/** Starts a worker and resolves once it has opened the database (schema checked), with its `synchronous`. */
async function startWorker(workerData: StoreWorkerData): Promise<{ worker: Worker; synchronous: string }> {
  const { dbPath, role } = workerData;
  const worker = new Worker(WORKER_ENTRY, { workerData, name: `evident-store-${role}` });
  let synchronous = '';
  try {
    await new Promise<void>((ready, fail) => {
      const onMessage = (message: FromWorker) => {
        if (message.type !== 'ready' && message.type !== 'open-failed') return;
        cleanUp();
        if (message.type === 'ready') {
          synchronous = message.synchronous;
          ready();
        } else fail(new Error(message.error));
      };
      const onError = (error: Error) => {
        cleanUp();
        fail(error);
      };
      const onExit = (code: number) => {
        cleanUp();
        fail(new Error(`store ${role} exited (${code}) before opening ${dbPath}`));
      };
      const cleanUp = () => worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
  } catch (e) {
    await worker.terminate();
    throw e;
  }
  return { worker, synchronous };
}

/** Starts the store's workers on the database at `dbPath`; resolves once both have opened it. */
export async function openStoreWriter(dbPath: string, options: StoreWriterOptions = {}): Promise<StoreWriter> {
  const shared = {
    dbPath,
    checkpointEveryMs: options.checkpointEveryMs ?? 500,
    synchronous: options.synchronous ?? 'full',
    historyMs: options.historyMs ?? historyMsOf(DEFAULT_HISTORY_DAYS),
  } as const;
  // One after the other: on a new database the first to open turns on WAL and migrates the schema,
  // and two connections doing that at once can be refused with "database is locked" (changing the
  // journal mode takes an exclusive lock that SQLite does not wait for).
  type Started = Awaited<ReturnType<typeof startWorker>>;
  const started: Started[] = [];
  for (const role of ['committer', 'compactor'] as const) {
    try {
      started.push(await startWorker({ ...shared, role }));
    } catch (e) {
      await Promise.all(started.map((s) => s.worker.terminate()));
      throw e;
    }
  }
  const [{ worker: committer, synchronous }, { worker: compactor }] = started as [Started, Started];

  /** Handed over in this turn of the event loop, not yet posted to the committer. */
  let appends: PendingAppend[] = [];
  let installs: PendingInstall[] = [];
  /** Posted, waiting for the committer's answer: it answers in the order posted. */
  let sentAppends: PendingAppend[] = [];
  let sentInstalls: PendingInstall[] = [];
  /** Asked of the compactor, which answers in order. */
  let folding: PendingCompaction[] = [];
  const compactions = new Map<string, Promise<CompactionResult | null>>();
  let isFlushScheduled = false;
  /** The last failure report taken in: posted with each batch, so the committer knows what the rooms know. */
  let seenFailure = 0;
  let failure: Error | null = null;
  let closing: Promise<void> | null = null;
  /** Set once the workers were asked to close: their exits are then no failure. */
  let isExitExpected = false;
  const drainWaiters: Array<() => void> = [];
  const closeWaiters = new Map<Worker, () => void>();

  const appendError = (workspace: string, reason: string) => new Error(`workspace ${workspace}: update not stored: ${reason}`);
  const compactError = (workspace: string, reason: string) => new Error(`workspace ${workspace}: compaction failed: ${reason}`);

  const checkDrained = () => {
    if (appends.length || installs.length || sentAppends.length || sentInstalls.length || folding.length) return;
    for (const resolve of drainWaiters.splice(0)) resolve();
  };

  // What is handed over in one turn of the event loop is posted at its end (setImmediate), as one
  // message; the committer puts every message waiting when it is free into one commit. The turn's
  // end also comes after the rejections of a failed commit have run, so a broken room's updates
  // are discarded before they are posted.
  const schedule = () => {
    if (isFlushScheduled || failure) return;
    isFlushScheduled = true;
    setImmediate(flush);
  };

  function flush(): void {
    isFlushScheduled = false;
    if (failure || (appends.length === 0 && installs.length === 0)) return checkDrained();
    const packed = packAppends(appends);
    const message: ToCommitter = {
      type: 'batch',
      appends: packed,
      installs: installs.map(({ fold }): CompactionInstall => fold),
      seenFailure,
    };
    // Handed over, not copied: the packed updates (a copy: the rooms broadcast theirs after) and the snapshots.
    committer.postMessage(message, [...packedBuffers(packed), ...installs.map((i) => i.fold.state.buffer as ArrayBuffer)]);
    sentAppends.push(...appends);
    sentInstalls.push(...installs);
    appends = [];
    installs = [];
  }

  const fail = (error: Error) => {
    if (failure) return;
    failure = error;
    for (const item of [...sentAppends, ...appends]) item.reject(appendError(item.workspace, error.message));
    for (const item of [...sentInstalls.map((i) => i.compaction), ...installs.map((i) => i.compaction), ...folding]) {
      item.reject(compactError(item.workspace, error.message));
    }
    sentAppends = [];
    appends = [];
    sentInstalls = [];
    installs = [];
    folding = [];
    compactions.clear();
    for (const resolve of drainWaiters.splice(0)) resolve();
    for (const resolve of closeWaiters.values()) resolve();
    if (!closing) options.onFailure?.(error);
    void committer.terminate();
    void compactor.terminate();
  };

  committer.on('message', (message: FromWorker) => {
    if (message.type === 'closed') return closeWaiters.get(committer)?.();
    if (message.type !== 'committed') return;
    const answered = sentAppends.splice(0, message.outcomes.length);
    const installed = sentInstalls.splice(0, message.installs.length);
    if (message.failure) seenFailure = message.failure;
    const committed = message.outcomes.filter((o) => o.ok).length;
    if (committed) options.onCommit?.(committed, message.seconds);
    message.outcomes.forEach((outcome, i) => {
      const item = answered[i]!;
      if (outcome.ok) item.resolve({ seq: outcome.seq, entries: outcome.entries, bytes: outcome.bytes });
      else item.reject(appendError(item.workspace, outcome.error));
    });
    // After the appends of the same commit: the log size a compaction reports is the newest.
    message.installs.forEach((outcome, i) => {
      const { fold, compaction } = installed[i]!;
      compactions.delete(fold.workspace);
      if (!outcome.ok) return compaction.reject(compactError(fold.workspace, outcome.error));
      const { kind, throughSeq, merged } = fold;
      const snapshotBytes = kind === 'snapshot' ? installed[i]!.stateBytes : null;
      compaction.resolve({ kind, throughSeq, merged, snapshotBytes, entries: outcome.entries, bytes: outcome.bytes });
    });
    checkDrained();
  });

  compactor.on('message', (message: FromWorker) => {
    if (message.type === 'closed') return closeWaiters.get(compactor)?.();
    if (message.type !== 'folded' && message.type !== 'fold-failed') return;
    const compaction = folding.shift()!;
    if (message.type === 'fold-failed' || message.fold === null) {
      compactions.delete(compaction.workspace);
      if (message.type === 'fold-failed') compaction.reject(compactError(compaction.workspace, message.error));
      else compaction.resolve(null);
      return checkDrained();
    }
    installs.push({ fold: message.fold, compaction, stateBytes: message.fold.state.byteLength });
    schedule();
  });

  for (const [worker, role] of [[committer, 'committer'], [compactor, 'compactor']] as const) {
    worker.on('error', (error: unknown) => fail(new Error(`store ${role} failed: ${error instanceof Error ? error.message : String(error)}`)));
    worker.on('exit', (code) => {
      if (isExitExpected) closeWaiters.get(worker)?.();
      else fail(new Error(`store ${role} exited (${code})`));
    });
  }

  /** Why nothing more can be queued, if so. */
  const refusal = (): string | null => (closing ? 'the store writer is closed' : (failure?.message ?? null));

  const closeWorker = (worker: Worker, message: ToCommitter | ToCompactor) =>
    new Promise<void>((resolve) => {
      closeWaiters.set(worker, resolve);
      worker.postMessage(message);
    });

  return {
    append(workspace, update) {
      const refused = refusal();
      if (refused) return Promise.reject(appendError(workspace, refused));
      return new Promise<AppendResult>((resolve, reject) => {
        appends.push({ workspace, update, resolve, reject });
        schedule();
      });
    },
    compact(workspace, kind = 'snapshot') {
      const pending = compactions.get(workspace);
      if (pending) return pending;
      const refused = refusal();
      if (refused) return Promise.reject(compactError(workspace, refused));
      const promise = new Promise<CompactionResult | null>((resolve, reject) => {
        folding.push({ workspace, resolve, reject });
        compactor.postMessage({ type: 'fold', workspace, kind } satisfies ToCompactor);
      });
      compactions.set(workspace, promise);
      return promise;
    },
    discard(workspace, reason) {
      const dropped = appends.filter((item) => item.workspace === workspace);
      if (!dropped.length) return;
      appends = appends.filter((item) => item.workspace !== workspace);
      for (const item of dropped) item.reject(appendError(workspace, reason));
      checkDrained();
    },
    get failure() {
      return failure;
    },
    synchronous,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          drainWaiters.push(resolve);
          checkDrained();
        });
        if (!failure) {
          isExitExpected = true;
          await Promise.all([closeWorker(committer, { type: 'close' }), closeWorker(compactor, { type: 'close' })]);
        }
        await Promise.all([committer.terminate(), compactor.terminate()]);
      })();
      return closing;
    },
  };
}
