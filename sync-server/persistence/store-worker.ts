/**
 * The store's worker threads (started by store-writer.ts, through store-worker-entry.mjs), each
 * with its own SQLite connection to the server's database; WAL lets them and the main thread's
 * connection read while one writes. Two roles:
 *
 * - `committer`: the only writer of the log. The main thread posts what each turn of its event loop
 *   handed over; the committer takes every batch waiting on its port at once and commits them in
 *   one IMMEDIATE transaction (one fsync: group commit), so what arrives during a commit goes into
 *   the next. Compacted snapshots are stored in the same transactions.
 * - `compactor`: folds a workspace's snapshot and log into a new snapshot (CPU-heavy: the whole
 *   doc) from what is committed, and hands it back to be stored by the committer, so a compaction
 *   never holds up commits, and never runs on the main thread. It also checkpoints the WAL, and
 *   hourly drops the history no workspace needs any more (history-policy.ts).
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { foldLog } from './fold-log';
import { unpackAppends, type PackedAppends } from './packed-appends';
import { openSqliteStore, type CompactionInstall, type InstallOutcome, type SnapshotInstall, type SqliteSyncStore, type SquashInstall } from './sqlite-store';

export interface StoreWorkerData {
  dbPath: string;
  role: 'committer' | 'compactor';
  /** The compactor's: how often it checkpoints the WAL. */
  checkpointEveryMs: number;
  /** The committer's commits: fsynced each (full), or at each checkpoint (normal). */
  synchronous: 'full' | 'normal';
  /** How long history is kept (ms): each stored snapshot, and the compactor's hourly sweep, drop what is older. */
  historyMs: number;
}

export interface AppendRequest {
  workspace: string;
  update: Uint8Array;
}

/** One stored update: its seq, and the workspace's log (entries, bytes) once it is in. */
export interface AppendResult {
  seq: number;
  entries: number;
  bytes: number;
}

export type AppendOutcome = ({ ok: true } & AppendResult) | { ok: false; error: string };

/** A compactor's work, to be stored: a snapshot (and how many entries it took in), or a squash. */
export type Fold = (SnapshotInstall & { merged: number }) | SquashInstall;

/**
 * Two kinds of compaction. A snapshot folds the snapshot and the whole log into a new snapshot: it
 * costs the whole doc, so it is done rarely. A squash merges the single updates at the log's tail
 * into one entry (Y.mergeUpdates): it costs only those updates, and loading the room then replays
 * one update instead of hundreds.
 */
export type CompactionKind = CompactionInstall['kind'];

export type ToCommitter =
  | {
      type: 'batch';
      /** Committed in order, with the other batches waiting, in one transaction (packed: one buffer, transferred). */
      appends: PackedAppends;
      /** Stored in the same transaction, after the appends. */
      installs: CompactionInstall[];
      /** The last failure report (`committed.failure`) the main thread had taken in when it sent this. */
      seenFailure: number;
    }
  | { type: 'close' };

export type ToCompactor = { type: 'fold'; workspace: string; kind: CompactionKind } | { type: 'close' };

export type FromWorker =
  /** The committer says how its commits reach the disk (its connection's `synchronous`, read back). */
  | { type: 'ready'; synchronous: ReturnType<SqliteSyncStore['synchronous']> }
  | { type: 'open-failed'; error: string }
  /**
   * The committer, after each commit: one outcome per append and per install, in the order sent,
   * for every batch in the commit. `failure` numbers a report with failed appends (0: none failed).
   */
  | { type: 'committed'; outcomes: AppendOutcome[]; installs: InstallOutcome[]; failure: number; seconds: number }
  /** The compactor, per fold asked for, in order: null when the log was empty. */
  | { type: 'folded'; workspace: string; fold: Fold | null }
  | { type: 'fold-failed'; workspace: string; error: string }
  | { type: 'closed' };

type Batch = Extract<ToCommitter, { type: 'batch' }>;

/** At most this many updates per transaction: a longer backlog commits in several, answered as each lands. */
const MAX_COMMIT_UPDATES = 1000;

if (!parentPort) throw new Error('store-worker.ts runs in a worker thread (see store-writer.ts)');
const port = parentPort;
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

function closeAndExit(store: SqliteSyncStore): void {
  store.close();
  send({ type: 'closed' });
  port.close();
}

function serveCommits(store: SqliteSyncStore): void {
  /**
   * Each workspace's live log (entries, bytes: what a room replays after the snapshot), read once
   * and then kept up to date here, so an append needs no COUNT. Only this connection writes the log
   * while the server runs (the CLI's commands that change a workspace send their update through the
   * running server, as a client), and every stored snapshot or squash sets it from the database
   * again. The compactor's history sweep drops only entries a snapshot holds, never live ones.
   */
  const logs = new Map<string, { entries: number; bytes: number }>();

  /** One transaction for all; throws (and stores none) if an append or the disk fails. */
  const commit = (appends: AppendRequest[], installs: CompactionInstall[]) => {
    for (const { workspace } of appends) {
      if (!logs.has(workspace)) {
        const { entries, bytes } = store.logInfo(workspace);
        logs.set(workspace, { entries, bytes });
      }
    }
    const done = store.commit(appends, installs);
    const results = appends.map(({ workspace, update }, i): AppendResult => {
      const log = logs.get(workspace)!;
      log.entries++;
      log.bytes += update.byteLength;
      return { seq: done.seqs[i]!, entries: log.entries, bytes: log.bytes };
    });
    done.installs.forEach((outcome, i) => {
      if (outcome.ok) logs.set(installs[i]!.workspace, { entries: outcome.entries, bytes: outcome.bytes });
    });
    return { results, installs: done.installs };
  };

  /**
   * All in one transaction. If that fails and it holds several workspaces (or installs), each
   * workspace's appends, and each install, are tried again in a transaction of their own, so one
   * workspace's failure (a constraint, a trigger) does not fail the others'; a failure of the disk
   * fails them all again.
   */
  const commitAll = (appends: AppendRequest[], installs: CompactionInstall[]): { outcomes: AppendOutcome[]; installs: InstallOutcome[] } => {
    try {
      const done = commit(appends, installs);
      return { outcomes: done.results.map((result) => ({ ok: true, ...result })), installs: done.installs };
    } catch (first) {
      const workspaces = [...new Set(appends.map((a) => a.workspace))];
      if (workspaces.length + installs.length <= 1) {
        return { outcomes: appends.map(() => ({ ok: false, error: describe(first) })), installs: installs.map(() => ({ ok: false, error: describe(first) })) };
      }
      const outcomes: AppendOutcome[] = new Array(appends.length);
      for (const workspace of workspaces) {
        const indices = appends.flatMap((a, i) => (a.workspace === workspace ? [i] : []));
        try {
          const { results } = commit(indices.map((i) => appends[i]!), []);
          indices.forEach((index, k) => (outcomes[index] = { ok: true, ...results[k]! }));
        } catch (e) {
          for (const index of indices) outcomes[index] = { ok: false, error: describe(e) };
        }
      }
      const installed = installs.map((install): InstallOutcome => {
        try {
          return commit([], [install]).installs[0]!;
        } catch (e) {
          return { ok: false, error: describe(e) };
        }
      });
      return { outcomes, installs: installed };
    }
  };

  /**
   * Once a workspace's update fails, its later updates that the main thread sent before it learnt of
   * the failure are refused too: they were applied to the same (now broken) room, may build on the
   * one that failed, and their senders will send them again to the reloaded room. Workspace → the
   * number of the failure report that named it.
   */
  const failedAt = new Map<string, number>();
  let failures = 0;

  const commitBatches = (batches: Batch[]): void => {
    const started = performance.now();
    const outcomes: AppendOutcome[] = [];
    const toCommit: AppendRequest[] = [];
    const slots: number[] = [];
    for (const batch of batches) {
      for (const append of unpackAppends(batch.appends)) {
        const failed = failedAt.get(append.workspace);
        if (failed !== undefined && batch.seenFailure < failed) {
          outcomes.push({ ok: false, error: 'an earlier update of the workspace failed' });
          continue;
        }
        if (failed !== undefined) failedAt.delete(append.workspace);
        slots.push(outcomes.length);
        outcomes.push({ ok: false, error: 'not committed' });
        toCommit.push(append);
      }
    }
    const installs = batches.flatMap((b) => b.installs);
    const done = toCommit.length || installs.length ? commitAll(toCommit, installs) : { outcomes: [], installs: [] };
    done.outcomes.forEach((outcome, i) => (outcomes[slots[i]!] = outcome));
    const failedNow = toCommit.filter((_, i) => !done.outcomes[i]!.ok).map((a) => a.workspace);
    if (failedNow.length) {
      failures++;
      for (const workspace of failedNow) failedAt.set(workspace, failures);
    }
    const seconds = (performance.now() - started) / 1000;
    send({ type: 'committed', outcomes, installs: done.installs, failure: failedNow.length ? failures : 0, seconds });
  };

  port.on('message', (first: ToCommitter) => {
    // Everything else already waiting goes into the same commit: group commit.
    const batches: Batch[] = [];
    let isClosing = false;
    let updates = 0;
    for (let message: ToCommitter | undefined = first; message; message = receiveMessageOnPort(port)?.message as ToCommitter | undefined) {
      if (message.type === 'close') {
        isClosing = true; // the main thread sends it last, once everything it sent is answered
        break;
      }
      batches.push(message);
      updates += message.appends.ends.length;
      if (updates >= MAX_COMMIT_UPDATES) break;
    }
    if (batches.length) commitBatches(batches);
    if (isClosing) closeAndExit(store);
  });
}

/**
 * How often the compactor drops history older than the window in every workspace. A workspace in
 * use is pruned each time a fold is stored; this catches those no room has folded since (an idle
 * workspace's history would otherwise be kept until its next fold). Each workspace is pruned in a
 * transaction of its own: a few deletes by primary key, a moment's wait for the committer at most.
 */
const HISTORY_SWEEP_MS = 3_600_000;

/**
 * The committer never checkpoints the WAL (autoCheckpoint: false), so an update's commit never waits
 * for one; the compactor runs a PASSIVE checkpoint every `checkpointEveryMs`, beside the commits.
 */
function serveFolds(store: SqliteSyncStore, checkpointEveryMs: number): void {
  const checkpoints = setInterval(() => {
    try {
      store.checkpoint();
    } catch {
      // SQLITE_BUSY and the like: the next one catches up; the WAL keeps every commit meanwhile.
    }
  }, checkpointEveryMs);
  const sweeps = setInterval(() => {
    for (const workspace of store.workspaces()) {
      try {
        store.pruneHistory(workspace, Date.now());
      } catch {
        // Busy past the timeout: history is only kept a little longer, until the next sweep or fold.
      }
    }
  }, HISTORY_SWEEP_MS);
  port.on('message', (message: ToCompactor) => {
    if (message.type === 'close') {
      clearInterval(checkpoints);
      clearInterval(sweeps);
      return closeAndExit(store);
    }
    const { workspace, kind } = message;
    try {
      if (kind === 'squash') {
        // Entries that are single updates never change once committed, and only this worker merges
        // them; the committer still checks they are there, unmerged, when it stores the squash.
        const tail = store.readTail(workspace);
        if (tail.updates.length < 2) return send({ type: 'folded', workspace, fold: null });
        const state = Y.mergeUpdates(tail.updates);
        const fold: Fold = { kind, workspace, state, firstSeq: tail.firstSeq, throughSeq: tail.lastSeq, merged: tail.updates.length };
        return send({ type: 'folded', workspace, fold }, [state.buffer as ArrayBuffer]);
      }
      // Committed entries never change and only this fold will replace the snapshot (one per
      // workspace at a time), so what is read here is still true when the committer stores the
      // result; the committer checks the snapshot is still the one read.
      const log = store.readLog(workspace);
      if (log.updates.length === 0) return send({ type: 'folded', workspace, fold: null });
      const state = foldLog(log.snapshot, log.updates);
      send(
        { type: 'folded', workspace, fold: { kind, workspace, state, previousThroughSeq: log.throughSeq, throughSeq: log.lastSeq, merged: log.updates.length } },
        [state.buffer as ArrayBuffer],
      );
    } catch (e) {
      send({ type: 'fold-failed', workspace, error: describe(e) });
    }
  });
}

const { dbPath, role, checkpointEveryMs, synchronous, historyMs } = workerData as StoreWorkerData;
let opened: SqliteSyncStore | null = null;
try {
  opened = openSqliteStore(dbPath, { autoCheckpoint: role !== 'committer', synchronous, historyMs });
} catch (e) {
  send({ type: 'open-failed', error: describe(e) });
  port.close();
}
if (opened) {
  if (role === 'committer') serveCommits(opened);
  else serveFolds(opened, checkpointEveryMs);
  send({ type: 'ready', synchronous: opened.synchronous() });
}
