import { createHash, randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrations';
import { prepareStatements } from './sqlite-statements';
import type { SyncStore } from './types';

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
}

export interface InviteRecord {
  jti: string;
  workspace: string;
  role: string;
  /** Unix seconds, as the token's `exp`. */
  expiresAt: number;
  createdAt: number;
  revoked: { reason: string; at: number } | null;
}

/** The stored state a compaction folds: the snapshot (through `throughSeq`) and every entry after it, to `lastSeq`. */
export interface StoredLog {
  snapshot: Uint8Array | null;
  throughSeq: number;
  updates: Uint8Array[];
  lastSeq: number;
}

/** The log entries a squash merges: every one after the newest squashed entry (and the snapshot), `firstSeq` to `lastSeq`. */
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
 * A squash to store: the `merged` log entries from `firstSeq` to `throughSeq` (each one accepted
 * update) replaced by one entry at `throughSeq`, `state`, their merge. The snapshot is untouched.
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
export interface SqliteSyncStore extends SyncStore {
  snapshotInfo(workspace: string): { bytes: number; throughSeq: number; updatedAt: number } | null;
  invites(): InviteRecord[];
  /** The snapshot and the log after it, with their seqs, read in one transaction. */
  readLog(workspace: string): StoredLog;
  /** The entries a squash would merge (see StoredTail), read in one transaction. */
  readTail(workspace: string): StoredTail;
  /**
   * One transaction, one fsync (group commit): appends the updates (to any workspaces, in order),
   * then stores the snapshots and squashes. An install whose snapshot or entries are no longer the
   * ones it was made from is refused (its outcome says why) and the rest go on; any other error
   * stores nothing and throws.
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
}

const SECRET_KEY = 'signing_secret';

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

  const logStats = (workspace: string) => {
    const row = sql.logStats.get(workspace)!;
    return { entries: Number(row.entries), bytes: Number(row.bytes), last: Number(row.last) };
  };
  /** One INSERT … RETURNING seq: the seq is one past the log's last, or the snapshot's, whichever is higher. */
  const append = (workspace: string, update: Uint8Array, at: number) => Number(sql.append.get({ ws: workspace, data: update, at })!.seq);
  const snapshotInfo = (workspace: string) => {
    const row = sql.snapshot.get(workspace);
    if (!row) return null;
    return { bytes: (row.state as Uint8Array).byteLength, throughSeq: Number(row.through_seq), updatedAt: Number(row.updated_at) };
  };

  let secret: Uint8Array | null = options.secretFromEnv
    ? new Uint8Array(createHash('sha256').update(options.secretFromEnv, 'utf8').digest())
    : null;

  return {
    loadDoc: (workspace) =>
      transaction(() => {
        const row = sql.snapshot.get(workspace);
        const throughSeq = row ? Number(row.through_seq) : 0;
        const updates = sql.updatesAfter.all(workspace, throughSeq).map((u) => u.data as Uint8Array);
        return { snapshot: row ? (row.state as Uint8Array) : null, updates };
      }, 'DEFERRED'),
    appendUpdate: (workspace, update) => transaction(() => append(workspace, update, Date.now())),
    readLog: (workspace) =>
      transaction(() => {
        const row = sql.snapshot.get(workspace);
        const throughSeq = row ? Number(row.through_seq) : 0;
        const entries = sql.updatesAfter.all(workspace, throughSeq);
        return {
          snapshot: row ? (row.state as Uint8Array) : null,
          throughSeq,
          updates: entries.map((u) => u.data as Uint8Array),
          lastSeq: entries.length ? Number(entries.at(-1)!.seq) : throughSeq,
        };
      }, 'DEFERRED'),
    readTail: (workspace) =>
      transaction(() => {
        const after = Number(sql.snapshotSeq.get(workspace)?.through_seq ?? 0);
        const entries = sql.unsquashedTail.all({ ws: workspace, after });
        return {
          updates: entries.map((u) => u.data as Uint8Array),
          firstSeq: entries.length ? Number(entries[0]!.seq) : 0,
          lastSeq: entries.length ? Number(entries.at(-1)!.seq) : 0,
        };
      }, 'DEFERRED'),
    commit(appends, installs = []) {
      const at = Date.now();
      const replaceSnapshot = ({ workspace, state, previousThroughSeq, throughSeq }: SnapshotInstall): InstallOutcome => {
        const current = Number(sql.snapshotSeq.get(workspace)?.through_seq ?? 0);
        // Only compaction replaces a snapshot, one at a time per workspace: this is a safeguard.
        if (current !== previousThroughSeq) return { ok: false, error: `the snapshot moved from seq ${previousThroughSeq} to ${current} meanwhile` };
        sql.putSnapshot.run(workspace, state, throughSeq, at);
        sql.dropThrough.run(workspace, throughSeq);
        const { entries, bytes } = logStats(workspace);
        return { ok: true, entries, bytes };
      };
      const squash = ({ workspace, state, firstSeq, throughSeq, merged }: SquashInstall): InstallOutcome => {
        // The same safeguard: the entries must still be the single updates that were merged, past the snapshot.
        const found = sql.rangeStats.get(workspace, firstSeq, throughSeq)!;
        const snapshotSeq = Number(sql.snapshotSeq.get(workspace)?.through_seq ?? 0);
        if (Number(found.entries) !== merged || Number(found.most) !== 1 || snapshotSeq >= firstSeq) {
          return { ok: false, error: `log entries ${firstSeq}..${throughSeq} changed meanwhile` };
        }
        sql.dropRange.run(workspace, firstSeq, throughSeq);
        sql.putSquashed.run(workspace, throughSeq, state, at, merged);
        const { entries, bytes } = logStats(workspace);
        return { ok: true, entries, bytes };
      };
      return transaction(() => ({
        seqs: appends.map(({ workspace, update }) => append(workspace, update, at)),
        installs: installs.map((install) => (install.kind === 'squash' ? squash(install) : replaceSnapshot(install))),
      }));
    },
    compact(workspace, state, throughSeq) {
      transaction(() => {
        const previous = snapshotInfo(workspace)?.throughSeq ?? 0;
        const last = Math.max(logStats(workspace).last, previous);
        // Either would lose updates: the log past `last` does not exist; a snapshot older than the
        // stored one lacks entries that were already dropped.
        if (!Number.isInteger(throughSeq) || throughSeq > last || throughSeq < previous) {
          throw new Error(`compact ${workspace}: throughSeq ${throughSeq} is outside ${previous}..${last}`);
        }
        sql.putSnapshot.run(workspace, state, throughSeq, Date.now());
        sql.dropThrough.run(workspace, throughSeq);
      });
    },
    logInfo: (workspace) =>
      transaction(() => {
        const { entries, bytes, last } = logStats(workspace);
        return { lastSeq: Math.max(last, snapshotInfo(workspace)?.throughSeq ?? 0), entries, bytes };
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
        secret = sql.readSecret.get(SECRET_KEY)!.value as Uint8Array;
      }
      return secret;
    },
    snapshotInfo,
    invites: () =>
      sql.invites.all().map((row) => ({
        jti: String(row.jti),
        workspace: String(row.workspace),
        role: String(row.role),
        expiresAt: Number(row.expires_at) / 1000,
        createdAt: Number(row.created_at),
        revoked: row.reason == null ? null : { reason: String(row.reason), at: Number(row.revoked_at) },
      })),
    checkpoint() {
      const row = sql.checkpoint.get()!;
      return { walFrames: Number(row.log), checkpointed: Number(row.checkpointed) };
    },
    synchronous() {
      const level = Number(db.prepare('PRAGMA synchronous').get()!.synchronous);
      return (['off', 'normal', 'full', 'extra'] as const)[level] ?? 'full';
    },
    close: () => db.close(),
  };
}
