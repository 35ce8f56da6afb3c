import { createHash, randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrations';
import { prepareStatements } from './sqlite-statements';
import type { SyncStore } from './types';

export interface SqliteStoreOptions {
  /** EVIDENT_SECRET, when set: the signing key is derived from it and never stored. */
  secretFromEnv?: string;
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

/** The SQLite store also answers what `evident-sync list` shows; the server needs only SyncStore. */
export interface SqliteSyncStore extends SyncStore {
  snapshotInfo(workspace: string): { bytes: number; throughSeq: number; updatedAt: number } | null;
  invites(): InviteRecord[];
}

const SECRET_KEY = 'signing_secret';

/**
 * Opens (creating if needed) the SQLite database at `path` and brings its schema up to date.
 * WAL with synchronous=FULL makes every commit durable before it returns: the server appends an
 * update, then broadcasts it (https://www.sqlite.org/pragma.html#pragma_synchronous).
 * `timeout` waits out the other process's write lock (the server and a CLI invite share the file).
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteSyncStore {
  const db = new DatabaseSync(path, { timeout: 5000 });
  try {
    const mode = String(db.prepare('PRAGMA journal_mode = WAL').get()!.journal_mode);
    // SQLite answers with the mode it could set: a filesystem without shared memory stays in DELETE.
    if (mode !== 'wal' && mode !== 'memory') throw new Error(`${path}: cannot use WAL journaling (got ${mode})`);
    db.exec('PRAGMA synchronous = FULL');
    migrate(db, path);
  } catch (e) {
    db.close();
    throw e;
  }

  // IMMEDIATE for writes (take the write lock first: no upgrade deadlock with the other process);
  // DEFERRED for reads of several tables, which then see one consistent state.
  const transaction = <T>(work: () => T, mode: 'IMMEDIATE' | 'DEFERRED' = 'IMMEDIATE'): T => {
    db.exec(`BEGIN ${mode}`);
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (e) {
      db.exec('ROLLBACK');
      throw e;
    }
  };

  const sql = prepareStatements(db);

  const logStats = (workspace: string) => {
    const row = sql.logStats.get(workspace)!;
    return { entries: Number(row.entries), bytes: Number(row.bytes), last: Number(row.last) };
  };
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
    appendUpdate(workspace, update) {
      return transaction(() => {
        sql.append.get({ ws: workspace, data: update, at: Date.now() });
        return Number(sql.countEntries.get(workspace)!.entries);
      });
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
    close: () => db.close(),
  };
}
