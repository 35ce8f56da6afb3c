import { closeSync, copyFileSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { openSqliteStore } from '../persistence/sqlite-store';
import type { BackupInfo } from '../persistence/sqlite-backup';

/**
 * Makes a backup file the database at `dbPath` (where none exists): copied beside it, opened once
 * (which brings an older schema up to date and checks it is one), synced, then renamed into place,
 * so `dbPath` is either absent or the whole backup. Returns what the backup said about itself.
 */
export function installDatabase(backupFile: string, dbPath: string): BackupInfo | null {
  mkdirSync(dirname(resolve(dbPath)), { recursive: true });
  const partial = join(dirname(resolve(dbPath)), `.${basename(dbPath)}.restoring-${process.pid}`);
  const cleanUp = () => ['', '-wal', '-shm'].forEach((suffix) => rmSync(`${partial}${suffix}`, { force: true }));
  cleanUp();
  try {
    copyFileSync(backupFile, partial);
    let info: BackupInfo | null;
    try {
      const store = openSqliteStore(partial);
      try {
        info = store.backupInfo();
        store.forgetBackupInfo();
        store.recordRunningServer(null);
        store.checkpoint();
      } finally {
        store.close();
      }
    } catch (e) {
      throw new Error(`${backupFile} is not an Evident backup: ${(e as Error).message.replace(partial, backupFile)}`);
    }
    const fd = openSync(partial, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, dbPath);
    cleanUp();
    return info;
  } catch (e) {
    cleanUp();
    throw e;
  }
}
