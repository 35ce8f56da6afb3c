import { createHash, randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { DEFAULT_HISTORY_DAYS, historyMsOf } from './history-policy';
import { migrate } from './migrations';
import { backupDatabase, backupWorkspace, type BackupInfo } from './sqlite-backup';
import { createHistoryQueries } from './sqlite-history';
import { prepareStatements } from './sqlite-statements';
import { inviteRecordOf, type InviteRecord, type RunningServerRecord, type SyncStore } from './types';

export interface SqliteStoreOptions {
  /** EVIDENT_SECRET, when set: the signing key is derived from it and never stored. */
  secretFromEnv?: string;
  /**
   * false: this connection never checkpoints the WAL as it commits (SQLite's default does, every
   * 1000 pages, inside the commit that crosses the line). The server's committer sets it, so a
   * checkpoint (copying pages into the database and an fsync of it: tens of ms) never holds up an
   * update's commit; the compactor checkpoints instead (`checkpoint()`), beside the commits.
   */
  autoCheckpoint?: boolean;
  /** SQLite's `synchronous` for this connection's commits (SyncServerConfig.synchronous). Default 'full'. */
  synchronous?: 'full' | 'normal';
  /**
   * How long history is kept (SyncServerConfig.historyDays, in ms): a snapshot stored through this
   * connection drops what the window no longer needs (history-policy.ts). Default 30 days.
   */
  historyMs?: number;
  /** The clock commits are stamped with (Unix ms). Tests and the storage benchmark pass their own. */
  now?: () => number;
}


/** The stored state a compaction folds: the snapshot (through `throughSeq`) and the live log after it (squashes, then updates), to `lastSeq`. */
export interface StoredLog {
  snapshot: Uint8Array | null;
  throughSeq: number;
  updates: Uint8Array[];
  lastSeq: number;
}

/** The updates a squash merges: every one after the newest squash (and the snapshot), `firstSeq` to `lastSeq`. */
export interface StoredTail {
  updates: Uint8Array[];
  firstSeq: number;
  lastSeq: number;
}

/** A folded snapshot to store: it covers the log through `throughSeq`, and replaces the snapshot through `previousThroughSeq`. */
export interface SnapshotInstall {
  kind: 'snapshot';
  workspace: string;
  state: Uint8Array;
  previousThroughSeq: number;
  throughSeq: number;
}

/**
 * A squash to store: `state`, the merge of the `merged` log entries from `firstSeq` to `throughSeq`,
 * which a room then loads in their place. The entries themselves stay (history); the snapshot is untouched.
 */
export interface SquashInstall {
  kind: 'squash';
  workspace: string;
  state: Uint8Array;
  firstSeq: number;
  throughSeq: number;
  merged: number;
}

export type CompactionInstall = SnapshotInstall | SquashInstall;

/** After an install: the log left (entries, bytes) past the new snapshot; or why it was not stored. */
export type InstallOutcome = { ok: true; entries: number; bytes: number } | { ok: false; error: string };

/**
 * The SQLite store also answers what `evident-sync list` shows, and gives the server's store worker
 * (store-worker.ts) its batch operations; the CLI and the rooms need only SyncStore.
 */
export interface SqliteSyncStore extends SyncStore, HistoryQueries {
  /** The newest snapshot: its size, the log position it holds through, the moment it shows and when it was stored. */
  snapshotInfo(workspace: string): { bytes: number; throughSeq: number; stateAt: number; updatedAt: number } | null;
  invites(): InviteRecord[];
  /** The snapshot and the log after it, with their seqs, read in one transaction. */
  readLog(workspace: string): StoredLog;
  /** The entries a squash would merge (see StoredTail), read in one transaction. */
  readTail(workspace: string): StoredTail;
  /**
   * One transaction, one fsync (group commit): appends the updates (to any workspaces, in order),
   * then stores the snapshots and squashes. An install whose snapshot or entries are no longer the
   * ones it was made from is refused (its outcome says why) and the rest go on; any other error
   * stores nothing and throws. A snapshot also drops the history its workspace no longer needs.
   * Returns each update's seq, and each install's outcome.
   */
  commit(
    appends: ReadonlyArray<{ workspace: string; update: Uint8Array }>,
    installs?: readonly CompactionInstall[],
  ): { seqs: number[]; installs: InstallOutcome[] };
  /**
   * A PASSIVE checkpoint: copies what it can of the WAL into the database without waiting for (or
   * blocking) readers or the writer. Returns the WAL's frames and how many are now checkpointed.
   */
  checkpoint(): { walFrames: number; checkpointed: number };
  /** This connection's `synchronous`, as SQLite reports it (what the server says it runs with). */
  synchronous(): 'off' | 'normal' | 'full' | 'extra';
  /**
   * Appends `update` only if the workspace's last seq is still `expectedLastSeq` (0: nothing stored
   * yet), in one transaction: a change computed from what was read is never stored on top of
   * something it did not see. Returns its seq, or null when the workspace moved meanwhile.
   */
  appendUpdateIf(workspace: string, update: Uint8Array, expectedLastSeq: number): number | null;
  /** The log's updates after `seq`, as stored (a command checks its update landed). */
  updatesAfter(workspace: string, seq: number): Array<{ seq: number; data: Uint8Array }>;
  /**
   * The whole database (every workspace with its history, the invites, the signing secret), as one
   * consistent copy at `out` (which must not exist): SQLite's VACUUM INTO.
   */
  backupTo(out: string): BackupInfo;
  /** One workspace's log, snapshots and squashes, as read in one transaction, into a new database file at `out`. */
  backupWorkspaceTo(workspace: string, out: string): BackupInfo;
  /** What a backup file says it holds (when taken, from where, which workspace); null in a database that is not one. */
  backupInfo(): BackupInfo | null;
  /** Forgets that this file is a backup: once restored in place, it is the database itself. */
  forgetBackupInfo(): void;
}

type HistoryQueries = Omit<ReturnType<typeof createHistoryQueries>, 'prune'>;

const SECRET_KEY = 'signing_secret';
const SERVER_KEY = 'running_server';
const BACKUP_KEY = 'workspace_backup';

/**
 * Opens (creating if needed) the SQLite database at `path` and brings its schema up to date.
 * WAL with synchronous=FULL (the default) makes every commit durable before it returns: the server's
 * store worker commits updates (several per transaction: group commit), and only then are they
 * broadcast. With `synchronous: 'normal'` a commit is in the WAL when it returns (it survives the
 * process being killed) and reaches the disk at the next checkpoint
 * (https://www.sqlite.org/pragma.html#pragma_synchronous, https://www.sqlite.org/wal.html).
 * `timeout` waits out the other process's write lock (the server and a CLI invite share the file).
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteSyncStore {
  const db = new DatabaseSync(path, { timeout: 5000 });
  try {
    const mode = String(db.prepare('PRAGMA journal_mode = WAL').get()!.journal_mode);
    // SQLite answers with the mode it could set: a filesystem without shared memory stays in DELETE.
    if (mode !== 'wal' && mode !== 'memory') throw new Error(`${path}: cannot use WAL journaling (got ${mode})`);
    db.exec(options.synchronous === 'normal' ? 'PRAGMA synchronous = NORMAL' : 'PRAGMA synchronous = FULL');
    if (options.autoCheckpoint === false) db.exec('PRAGMA wal_autocheckpoint = 0');
    // Once a checkpoint has emptied it, the WAL file is cut back to this size rather than kept at its largest.
    db.exec('PRAGMA journal_size_limit = 67108864');
    migrate(db, path);
  } catch (e) {
    db.close();
    throw e;
  }

  const sql = prepareStatements(db);
  const now = options.now ?? Date.now;

  // IMMEDIATE for writes (take the write lock first: no upgrade deadlock with the other process);
  // DEFERRED for reads of several tables, which then see one consistent state.
  const transaction = <T>(work: () => T, mode: 'IMMEDIATE' | 'DEFERRED' = 'IMMEDIATE'): T => {
    (mode === 'IMMEDIATE' ? sql.beginImmediate : sql.beginDeferred).run();
    try {
      const result = work();
      sql.commit.run();
      return result;
    } catch (e) {
      try {
        sql.rollback.run();
      } catch {
        // SQLite already rolled back (it does on some errors, e.g. a full disk): keep the first error.
      }
      throw e;
    }
  };
  const { prune, ...history } = createHistoryQueries(sql, transaction, options.historyMs ?? historyMsOf(DEFAULT_HISTORY_DAYS));

  const seqOf = (statement: { get(...params: string[]): Record<string, unknown> | undefined }, workspace: string) => Number(statement.get(workspace)!.seq);
  /** Where the live log starts: after the newest snapshot, and its squashes' updates after the newest squash. */
  const liveLogStart = (workspace: string) => {
    const snapshotSeq = seqOf(sql.latestSnapshotSeq, workspace);
    return { snapshotSeq, updatesAfter: Math.max(snapshotSeq, seqOf(sql.newestSquashSeq, workspace)) };
  };
  /** What a room loads past the snapshot (its squashes and updates): how many entries, how many bytes, and the last seq of all. */
  const liveLogStats = (workspace: string) => {
    const { snapshotSeq, updatesAfter } = liveLogStart(workspace);
    const squashes = sql.squashStats.get(workspace, snapshotSeq)!;
    const updates = sql.updateStats.get(workspace, updatesAfter)!;
    return {
      entries: Number(squashes.entries) + Number(updates.entries),
      bytes: Number(squashes.bytes) + Number(updates.bytes),
      last: Math.max(seqOf(sql.lastUpdateSeq, workspace), snapshotSeq),
    };
  };
  /** The live log's entries, in order: the squashes after the snapshot, then the updates after the newest squash. */
  const readLiveLog = (workspace: string) => {
    const row = sql.latestSnapshot.get(workspace);
    const throughSeq = row ? Number(row.through_seq) : 0;
    const squashes = sql.squashesAfter.all(workspace, throughSeq);
    const after = squashes.length ? Number(squashes.at(-1)!.seq) : throughSeq;
    const entries = [...squashes, ...sql.updatesAfter.all(workspace, after)];
    return {
      snapshot: row ? (row.state as Uint8Array) : null,
      throughSeq,
      updates: entries.map((u) => u.data as Uint8Array),
      lastSeq: entries.length ? Number(entries.at(-1)!.seq) : throughSeq,
    };
  };
  /** One INSERT … RETURNING seq: the seq is one past the log's last, or the snapshot's, whichever is higher. */
  const append = (workspace: string, update: Uint8Array, at: number) => Number(sql.append.get({ ws: workspace, data: update, at })!.seq);
  const snapshotInfo = (workspace: string) => {
    const row = sql.latestSnapshotInfo.get(workspace);
    if (!row) return null;
    return { bytes: Number(row.bytes), throughSeq: Number(row.through_seq), stateAt: Number(row.state_at), updatedAt: Number(row.created_at) };
  };

  /**
   * Stores a fold as the newest snapshot (the one before stays, as a restore point), drops the
   * squashes it holds, and prunes the workspace's history to the window. `throughSeq` is an update's
   * seq (a fold ends at the log's last update); its commit time is the moment the snapshot shows.
   */
  const putSnapshot = (workspace: string, state: Uint8Array, throughSeq: number, at: number) => {
    const committed = sql.commitTimeOf.get(workspace, throughSeq);
    sql.putSnapshot.run(workspace, throughSeq, committed ? Number(committed.created_at) : at, at, state);
    sql.dropSquashesThrough.run(workspace, throughSeq);
    prune(workspace, at);
  };

  let secret: Uint8Array | null = options.secretFromEnv
    ? new Uint8Array(createHash('sha256').update(options.secretFromEnv, 'utf8').digest())
    : null;
  const readJsonMeta = (key: string): unknown => {
    const row = sql.readMeta.get(key);
    if (!row) return null;
    try {
      return JSON.parse(Buffer.from(row.value as Uint8Array).toString('utf8'));
    } catch {
      return null;
    }
  };

  return {
    ...history,
    loadDoc: (workspace) =>
      transaction(() => {
        const { snapshot, updates } = readLiveLog(workspace);
        return { snapshot, updates };
      }, 'DEFERRED'),
    appendUpdate: (workspace, update) => transaction(() => append(workspace, update, now())),
    appendUpdateIf: (workspace, update, expectedLastSeq) =>
      transaction(() => (liveLogStats(workspace).last === expectedLastSeq ? append(workspace, update, now()) : null)),
    updatesAfter: (workspace, seq) => sql.updatesAfter.all(workspace, seq).map((row) => ({ seq: Number(row.seq), data: row.data as Uint8Array })),
    readLog: (workspace) => transaction(() => readLiveLog(workspace), 'DEFERRED'),
    readTail: (workspace) =>
      transaction(() => {
        const entries = sql.updatesAfter.all(workspace, liveLogStart(workspace).updatesAfter);
        return {
          updates: entries.map((u) => u.data as Uint8Array),
          firstSeq: entries.length ? Number(entries[0]!.seq) : 0,
          lastSeq: entries.length ? Number(entries.at(-1)!.seq) : 0,
        };
      }, 'DEFERRED'),
    commit(appends, installs = []) {
      const at = now();
      const replaceSnapshot = ({ workspace, state, previousThroughSeq, throughSeq }: SnapshotInstall): InstallOutcome => {
        const current = seqOf(sql.latestSnapshotSeq, workspace);
        // Only compaction stores a snapshot, one at a time per workspace: this is a safeguard.
        if (current !== previousThroughSeq) return { ok: false, error: `the snapshot moved from seq ${previousThroughSeq} to ${current} meanwhile` };
        putSnapshot(workspace, state, throughSeq, at);
        const { entries, bytes } = liveLogStats(workspace);
        return { ok: true, entries, bytes };
      };
      const squash = ({ workspace, state, firstSeq, throughSeq, merged }: SquashInstall): InstallOutcome => {
        // The same safeguard: the entries must still be the live log's tail that was merged.
        const found = Number(sql.rangeCount.get(workspace, firstSeq, throughSeq)!.entries);
        if (found !== merged || liveLogStart(workspace).updatesAfter >= firstSeq) {
          return { ok: false, error: `log entries ${firstSeq}..${throughSeq} changed meanwhile` };
        }
        sql.putSquash.run(workspace, throughSeq, firstSeq, merged, at, state);
        const { entries, bytes } = liveLogStats(workspace);
        return { ok: true, entries, bytes };
      };
      return transaction(() => ({
        seqs: appends.map(({ workspace, update }) => append(workspace, update, at)),
        installs: installs.map((install) => (install.kind === 'squash' ? squash(install) : replaceSnapshot(install))),
      }));
    },
    compact(workspace, state, throughSeq) {
      transaction(() => {
        const previous = seqOf(sql.latestSnapshotSeq, workspace);
        const last = liveLogStats(workspace).last;
        // Either would lose updates: the log past `last` does not exist; a snapshot older than the
        // stored one lacks entries a room no longer loads.
        if (!Number.isInteger(throughSeq) || throughSeq > last || throughSeq < previous) {
          throw new Error(`compact ${workspace}: throughSeq ${throughSeq} is outside ${previous}..${last}`);
        }
        putSnapshot(workspace, state, throughSeq, now());
      });
    },
    logInfo: (workspace) =>
      transaction(() => {
        const { entries, bytes, last } = liveLogStats(workspace);
        return { lastSeq: last, entries, bytes };
      }, 'DEFERRED'),
    workspaces: () => sql.workspaces.all().map((row) => String(row.workspace)),
    isRevoked: (jti) => sql.isRevoked.get(jti) !== undefined,
    revoke(jti, reason) {
      sql.revoke.run(jti, reason, Date.now());
    },
    recordInvite({ jti, workspace, role, expiresAt }) {
      sql.recordInvite.run(jti, workspace, role, expiresAt * 1000, Date.now());
    },
    secret() {
      if (!secret) {
        // INSERT OR IGNORE then read: if two processes race on a fresh file, both get the first one.
        sql.keepSecret.run(SECRET_KEY, new Uint8Array(randomBytes(32)));
        secret = sql.readMeta.get(SECRET_KEY)!.value as Uint8Array;
      }
      return secret;
    },
    recordRunningServer(server) {
      if (server) sql.putMeta.run(SERVER_KEY, Buffer.from(JSON.stringify(server), 'utf8'));
      else sql.dropMeta.run(SERVER_KEY);
    },
    runningServer() {
      const value = readJsonMeta(SERVER_KEY) as Partial<RunningServerRecord> | null;
      const isRecord = value && typeof value.url === 'string' && Number.isInteger(value.pid) && Number.isFinite(value.startedAt);
      return isRecord ? (value as RunningServerRecord) : null;
    },
    snapshotInfo,
    invites: () => sql.invites.all().map(inviteRecordOf),
    checkpoint() {
      const row = sql.checkpoint.get()!;
      return { walFrames: Number(row.log), checkpointed: Number(row.checkpointed) };
    },
    synchronous() {
      const level = Number(db.prepare('PRAGMA synchronous').get()!.synchronous);
      return (['off', 'normal', 'full', 'extra'] as const)[level] ?? 'full';
    },
    backupTo: (out) => backupDatabase(db, out, { key: BACKUP_KEY, takenAt: now(), source: path }, { dropMetaKeys: [SERVER_KEY] }),
    backupWorkspaceTo: (workspace, out) => backupWorkspace(db, workspace, out, { key: BACKUP_KEY, takenAt: now(), source: path }),
    backupInfo: () => readJsonMeta(BACKUP_KEY) as BackupInfo | null,
    forgetBackupInfo: () => void sql.dropMeta.run(BACKUP_KEY),
    close: () => db.close(),
  };
}
