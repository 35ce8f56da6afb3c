import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrations';

/** What a backup file says about itself (kept in its `meta` table). */
export interface BackupInfo {
  /** The one workspace it holds; null: the whole database. */
  workspace: string | null;
  /** Unix ms. */
  takenAt: number;
  /** The database it was taken from. */
  source: string;
}

export interface BackupAbout {
  /** The meta key the info is kept under. */
  key: string;
  takenAt: number;
  source: string;
}

const refuseExisting = (out: string) => {
  if (existsSync(out)) throw new Error(`${out} already exists: a backup is written to a new file`);
};

const fsyncPath = (path: string) => {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/**
 * Writes a backup through a temporary file beside `out`, synced and then renamed into place: `out`
 * either does not exist or is a whole backup, never a partial one (VACUUM INTO itself does not sync,
 * and a copy cut short by a crash can be corrupt: https://www.sqlite.org/lang_vacuum.html#vacuuminto).
 */
function writeAtomically<T>(out: string, write: (partial: string) => T): T {
  refuseExisting(out);
  const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  rmSync(partial, { force: true });
  try {
    const result = write(partial);
    fsyncPath(partial);
    renameSync(partial, out);
    fsyncPath(dirname(out));
    return result;
  } catch (e) {
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
    throw e;
  }
}

/**
 * The whole database (every workspace with its history, the invites, the signing secret) as one
 * file, while the server runs: `VACUUM INTO` reads the database in one read transaction, which in
 * WAL mode holds up no writer, and writes a compact copy that needs no `-wal` beside it.
 */
export function backupDatabase(db: DatabaseSync, out: string, about: BackupAbout, { dropMetaKeys = [] }: { dropMetaKeys?: readonly string[] } = {}): BackupInfo {
  return writeAtomically(out, (partial) => {
    db.prepare('VACUUM INTO ?').run(partial);
    const info: BackupInfo = { workspace: null, takenAt: about.takenAt, source: about.source };
    const copy = new DatabaseSync(partial);
    try {
      // What describes the running database, not its content (which server serves it), stays behind.
      for (const key of dropMetaKeys) copy.prepare('DELETE FROM meta WHERE key = ?').run(key);
      copy.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(about.key, Buffer.from(JSON.stringify(info), 'utf8'));
    } finally {
      copy.close();
    }
    return info;
  });
}

/**
 * One workspace's rows (its whole log, snapshots and squashes: its history too) copied into a new
 * database file with the same schema, in one transaction: the file holds the workspace exactly as
 * some commit left it. The main database is only read, so the server's commits go on meanwhile; the
 * file is written in rollback-journal mode, one file with nothing beside it.
 */
export function backupWorkspace(
  db: DatabaseSync,
  workspace: string,
  out: string,
  about: BackupAbout,
): BackupInfo {
  return writeAtomically(out, (partial) => copyWorkspace(db, workspace, partial, about));
}

function copyWorkspace(db: DatabaseSync, workspace: string, out: string, about: BackupAbout): BackupInfo {
  const target = new DatabaseSync(out);
  try {
    migrate(target, out);
  } finally {
    target.close();
  }
  db.prepare('ATTACH DATABASE ? AS backup').run(out);
  try {
    // DEFERRED: the first read of `main` fixes the state every later statement of the transaction
    // sees, and only `backup` is written, so no write lock is taken on the server's database.
    db.exec('BEGIN DEFERRED');
    try {
      const copy = (table: string, columns: string) =>
        db.prepare(`INSERT INTO backup.${table} (${columns}) SELECT ${columns} FROM main.${table} WHERE workspace = ?`).run(workspace);
      copy('updates', 'workspace, seq, merged, created_at, data');
      copy('snapshots', 'workspace, through_seq, state_at, created_at, state');
      copy('squashes', 'workspace, through_seq, first_seq, merged, created_at, data');
      const info: BackupInfo = { workspace, takenAt: about.takenAt, source: about.source };
      db.prepare('INSERT INTO backup.meta (key, value) VALUES (?, ?)').run(about.key, Buffer.from(JSON.stringify(info), 'utf8'));
      db.exec('COMMIT');
      return info;
    } catch (e) {
      db.exec('ROLLBACK');
      throw e;
    }
  } finally {
    db.prepare('DETACH DATABASE backup').run();
  }
}
