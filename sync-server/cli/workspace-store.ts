import type * as Y from 'yjs';
import { secretFromEnv } from '../auth/secret';
import { docFromStore, docFromStoredState } from '../persistence/doc-from-store';
import { redactDatabaseUrl } from '../persistence/pg/database-url';
import { openPgStore } from '../persistence/pg/pg-store';
import type { PgSyncStore } from '../persistence/pg/types';
import type { SqliteSyncStore } from '../persistence/sqlite-store';
import type { StoredSnapshotPoint } from '../persistence/sqlite-history';
import type { HistoryStore } from '../history/workspace-at';
import { sqliteChanger, type WorkspaceChanger } from '../history/apply-change';
import { pgChanger } from '../history/apply-change-pg';
import { withStore, type Flags } from './args';

/** What `export`, `import`, `list`, `history` and `restore` read and write, on SQLite or PostgreSQL alike. */
export type WorkspaceStore = { kind: 'sqlite'; sqlite: SqliteSyncStore; where: string } | { kind: 'postgres'; pg: PgSyncStore; where: string };

export interface InviteLine {
  jti: string;
  workspace: string;
  role: string;
  /** Unix seconds, as the token's `exp`. */
  expiresAt: number;
  revoked: { reason: string; at: number } | null;
}

/**
 * The store the servers use: PostgreSQL when EVIDENT_DATABASE_URL is set (as `serve` chooses it;
 * --db is then not read), else the SQLite file of --db. `where` names it for the command's output
 * (a URL without its password). `create`: SQLite only (PostgreSQL's database exists or the URL fails).
 */
export async function withWorkspaceStore<T>(flags: Flags, create: boolean, work: (store: WorkspaceStore) => Promise<T>): Promise<T> {
  const databaseUrl = process.env.EVIDENT_DATABASE_URL;
  if (databaseUrl) {
    const pg = await openPgStore(databaseUrl, { secretFromEnv: secretFromEnv(), max: 1 });
    try {
      return await work({ kind: 'postgres', pg, where: redactDatabaseUrl(new URL(databaseUrl)) });
    } finally {
      await pg.close();
    }
  }
  return withStore(flags, create, (sqlite, path) => work({ kind: 'sqlite', sqlite, where: path }));
}

export async function workspacesIn(store: WorkspaceStore): Promise<string[]> {
  return store.kind === 'sqlite' ? store.sqlite.workspaces() : store.pg.workspaces();
}

export async function logInfoOf(store: WorkspaceStore, workspace: string): Promise<{ lastSeq: number; entries: number; bytes: number }> {
  return store.kind === 'sqlite' ? store.sqlite.logInfo(workspace) : store.pg.logInfo(workspace);
}

export async function snapshotInfoOf(store: WorkspaceStore, workspace: string): Promise<{ bytes: number; throughSeq: number } | null> {
  return store.kind === 'sqlite' ? store.sqlite.snapshotInfo(workspace) : store.pg.snapshotInfo(workspace);
}

/** The workspace as stored: its snapshot, then every later update in log order. */
export async function storedDocOf(store: WorkspaceStore, workspace: string): Promise<Y.Doc> {
  if (store.kind === 'sqlite') return docFromStore(store.sqlite, workspace);
  return docFromStoredState(await store.pg.loadDoc(workspace));
}

export async function invitesIn(store: WorkspaceStore): Promise<InviteLine[]> {
  return store.kind === 'sqlite' ? store.sqlite.invites() : store.pg.invites();
}

/** The workspace's history as `history` and `restore` read it (the retention window's snapshots and log). */
export function historyOf(store: WorkspaceStore): HistoryStore & { snapshotPoints(workspace: string): StoredSnapshotPoint[] | Promise<StoredSnapshotPoint[]> } {
  return store.kind === 'sqlite' ? store.sqlite : store.pg;
}

/**
 * How a command writes a change as one new update: on SQLite through the running server if there is
 * one, else into the file; on PostgreSQL into the shared log, announced over EVIDENT_REDIS_URL when set.
 */
export function changerOf(store: WorkspaceStore, maxFrameBytes: number): WorkspaceChanger {
  return store.kind === 'sqlite' ? sqliteChanger(store.sqlite, maxFrameBytes) : pgChanger(store.pg, process.env.EVIDENT_REDIS_URL || undefined);
}
