import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type * as Y from 'yjs';
import { migrateWorkspaceDoc } from '../../shared/workspace/schema-version';
import { describeVia, sqliteChanger } from '../history/apply-change';
import { administrator, describeSummary, restoreWorkspace } from '../history/restore-workspace';
import { docFromStore } from '../persistence/doc-from-store';
import { openSqliteStore, type SqliteSyncStore } from '../persistence/sqlite-store';
import { DEFAULT_DB, dbOption, stringFlag, UsageError, withStore, workspaceFlag, type Command, type Io } from './args';
import { installDatabase } from './install-database';
import { serverSettings } from './server-settings';
import { refuseOnPostgres } from './sqlite-only';
import { isoMs } from './time-flag';

/**
 * Brings back what a backup file holds. Into a database that exists (the server may be running,
 * with clients connected): each workspace is restored as in `restore`, by one new update, to the
 * backup's newest state; the database's own history, invites and secret stay. Into a path with no
 * database and no --workspace: the backup becomes the database, history, invites and secret included.
 */
export const restoreBackup: Command = {
  name: 'restore-backup',
  synopsis: '--from <backup file> [--workspace <id> [--as <new id>]] [--by <name>] [--db <file>]',
  summary: 'Restore every workspace in a backup (or one, optionally --as a new one) by a new update each, while the server runs; into no database, the backup becomes it.',
  options: { ...dbOption, from: { type: 'string' }, workspace: { type: 'string' }, as: { type: 'string' }, by: { type: 'string' } },
  async run(flags, io) {
    refuseOnPostgres('restore-backup');
    const from = stringFlag(flags, 'from');
    const only = flags.workspace === undefined ? null : workspaceFlag(flags);
    if (flags.as !== undefined && !only) throw new UsageError('--as needs --workspace: one workspace is restored under a new id');
    const as = flags.as === undefined ? null : workspaceFlag(flags, 'as');
    if (!existsSync(from)) throw new Error(`no backup at ${from} (--from)`);
    const dbPath = stringFlag(flags, 'db', process.env.EVIDENT_DB || DEFAULT_DB);

    if (!only && !existsSync(dbPath)) {
      const info = installDatabase(from, dbPath);
      io.out(`No database at ${dbPath}: the backup ${from}${info ? ` (taken ${isoMs(info.takenAt)})` : ''} is now the database, with its history, invites and secret.`);
      return 0;
    }
    return withBackup(from, async (backup) => {
      const workspaces = backup.workspaces();
      if (only && !workspaces.includes(only)) throw new Error(`the backup ${from} holds no workspace ${only} (it holds ${workspaces.join(', ') || 'none'})`);
      const chosen = only ? [only] : workspaces;
      if (chosen.length === 0) throw new Error(`the backup ${from} holds no workspace`);
      // Every workspace is read and checked before anything is written.
      const pasts = new Map<string, Past>();
      for (const workspace of chosen) {
        const doc = docFromStore(backup, workspace);
        const layout = migrateWorkspaceDoc(doc, workspace);
        if (!layout.ok) throw new Error(`${from}: ${layout.error}`);
        const bounds = backup.historyBounds(workspace);
        pasts.set(workspace, { doc, at: bounds?.lastEntry?.committedAt ?? bounds?.oldestSnapshot?.stateAt ?? backup.backupInfo()?.takenAt ?? Date.now() });
      }
      const info = backup.backupInfo();
      const taken = info ? ` taken ${isoMs(info.takenAt)}` : '';
      return withStore(flags, true, (store, path) => restoreAll(store, path, pasts, { as, from: `backup ${basename(from)}${taken}`, by: flags.by }, io));
    });
  },
};

/** A workspace as the backup holds it, and the moment it shows (its newest update's commit). */
interface Past {
  doc: Y.Doc;
  at: number;
}

async function restoreAll(
  store: SqliteSyncStore,
  path: string,
  pasts: Map<string, Past>,
  { as, from, by }: { as: string | null; from: string; by: unknown },
  io: Io,
): Promise<number> {
  if (as && store.logInfo(as).lastSeq > 0) throw new Error(`--as ${as}: workspace ${as} already exists in ${path}; restore into a new workspace id`);
  const { maxFrameBytes } = serverSettings();
  const actor = administrator(typeof by === 'string' ? by : undefined);
  const apply = sqliteChanger(store, maxFrameBytes);
  const done: string[] = [];
  for (const [workspace, past] of pasts) {
    const target = as ?? workspace;
    const restored = await restoreWorkspace(apply, { past: past.doc, source: workspace, target, at: isoMs(past.at), from, actor });
    if (!restored.ok) {
      const left = [...pasts.keys()].slice(done.length + 1);
      throw new Error(
        `workspace ${target}: ${restored.error}` +
          (done.length ? `; already restored: ${done.join(', ')}` : '') +
          (left.length ? `; not restored: ${left.join(', ')}` : ''),
      );
    }
    done.push(target);
    const { result, update } = restored.value;
    io.out(update ? `Restored workspace ${target} from ${from}, ${describeVia(restored.value)}: ${describeSummary(result)}.` : `Workspace ${target} already holds what the backup holds: nothing written.`);
  }
  io.out(`${done.length} workspace${done.length === 1 ? '' : 's'} restored from ${from} into ${path}.`);
  return 0;
}

/**
 * Opens a copy of the backup, so the backup itself is never written (an older schema is brought up
 * to date on the copy only), and deletes the copy after.
 */
async function withBackup<T>(file: string, work: (backup: SqliteSyncStore) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'evident-restore-'));
  try {
    const copy = join(dir, 'backup.sqlite');
    copyFileSync(file, copy);
    let backup: SqliteSyncStore;
    try {
      backup = openSqliteStore(copy);
    } catch (e) {
      throw new Error(`${file} is not an Evident backup: ${(e as Error).message.replace(copy, file)}`);
    }
    try {
      return await work(backup);
    } finally {
      backup.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
