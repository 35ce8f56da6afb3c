import { setTimeout as sleep } from 'node:timers/promises';
import * as Y from 'yjs';
import { err, ok, type Result } from '../../shared/result';
import { mintInvite } from '../auth/tokens';
import { docFromStore } from '../persistence/doc-from-store';
import type { SqliteSyncStore } from '../persistence/sqlite-store';
import type { RunningServerRecord } from '../persistence/types';
import { openServerSession } from './server-session';

export interface ApplyOptions {
  /** Refuse unless nothing is stored for the workspace yet (a restore `--as` a new workspace). */
  mustBeNew: boolean;
  /** The server's frame limit (SyncServerConfig.maxFrameBytes): an update over it would be refused. */
  maxFrameBytes: number;
  /** How long to wait for the server to store the update. */
  timeoutMs?: number;
}

/**
 * Makes `change` on a workspace as stored and writes it as ONE new update: SQLite's
 * applyWorkspaceChange (bound to its store and frame limit), or PostgreSQL's (apply-change-pg.ts).
 */
export type WorkspaceChanger = <T>(workspace: string, change: (doc: Y.Doc) => T, options: { mustBeNew: boolean }) => Promise<Result<Applied<T>, string>>;

/** applyWorkspaceChange on this SQLite store, as a WorkspaceChanger. */
export const sqliteChanger =
  (store: SqliteSyncStore, maxFrameBytes: number): WorkspaceChanger =>
  (workspace, change, { mustBeNew }) =>
    applyWorkspaceChange(store, workspace, change, { mustBeNew, maxFrameBytes });

export interface Applied<T> {
  result: T;
  /** The update written (null: the change changed nothing, and nothing was written). */
  update: Uint8Array | null;
  /**
   * SQLite: through the running server, to which its clients are connected, or straight into the
   * database (no server running). PostgreSQL: into the log the instances share, announced to them
   * over Redis (`+stream`), or found by them at their next comparison of heads.
   */
  via: 'server' | 'database' | 'shared-log' | 'shared-log+stream';
  /** PostgreSQL with Redis: why the instances could not be told at once (they find it within seconds). */
  unannounced?: string;
}

/** Where the update went, for a command's output ("…, through the running server (connected clients have it)"). */
export function describeVia({ via, unannounced }: Pick<Applied<unknown>, 'via' | 'unannounced'>): string {
  switch (via) {
    case 'server':
      return 'through the running server (connected clients have it)';
    case 'database':
      return 'into the database (no server running)';
    case 'shared-log+stream':
      return 'into PostgreSQL, announced to the server instances over Redis (connected clients have it)';
    case 'shared-log':
      return (
        'into PostgreSQL; server instances with the workspace open send it to their clients within about 10 s' +
        (unannounced ? ` (Redis did not take the announcement: ${unannounced})` : '')
      );
  }
}

/**
 * Applies `change` to the workspace as it is stored, as ONE new update, never by rewriting what is
 * stored; either that update is stored whole or nothing is.
 *
 * While a server runs on the database (it records itself there), the command joins the workspace
 * through it as an editor, like any client: the server commits the update and only then sends it to
 * the clients connected, so they follow at once, and nothing is written under a room it has loaded.
 * With no server running, the update is appended to the log directly, only if the log has not moved
 * since it was read. `change` must make its edits in one transaction (one update).
 */
export async function applyWorkspaceChange<T>(
  store: SqliteSyncStore,
  workspace: string,
  change: (doc: Y.Doc) => T,
  options: ApplyOptions,
): Promise<Result<Applied<T>, string>> {
  const server = runningServerOf(store);
  if (!server) {
    const lastSeq = store.logInfo(workspace).lastSeq;
    if (options.mustBeNew && lastSeq > 0) return err(alreadyExists(workspace));
    const doc = docFromStore(store, workspace);
    try {
      const { result, update } = changeOf(doc, change);
      if (!update) return ok({ result, update, via: 'database' });
      if (store.appendUpdateIf(workspace, update, lastSeq) === null) {
        return err(`workspace ${workspace} changed while the change was being prepared; nothing was written, run the command again`);
      }
      return ok({ result, update, via: 'database' });
    } finally {
      doc.destroy();
    }
  }

  const { token } = await mintInvite(store.secret(), { workspace, role: 'editor', expiresInSeconds: 600, isAdministrator: true });
  const opened = await openServerSession(reachableUrl(server.url), workspace, token);
  if (!opened.ok) {
    // The command signs its own editor invite with the database's secret, or EVIDENT_SECRET's.
    const hint = /closed the connection with 4401/.test(opened.error) ? '; run the command with the same EVIDENT_SECRET as the server' : '';
    return err(`${opened.error} (the server pid ${server.pid} that records itself as serving this database); nothing was written${hint}`);
  }
  const session = opened.value;
  try {
    const seqBefore = store.logInfo(workspace).lastSeq;
    if (options.mustBeNew && (seqBefore > 0 || Y.encodeStateVector(session.doc).length > 1)) return err(alreadyExists(workspace));
    const { result, update } = changeOf(session.doc, change);
    if (!update) return ok({ result, update, via: 'server' });
    if (update.byteLength > options.maxFrameBytes) {
      return err(
        `the update is ${mib(update.byteLength)}, over the server's frame limit of ${mib(options.maxFrameBytes)} (EVIDENT_MAX_FRAME_BYTES); ` +
          'nothing was written: raise the limit, or stop the server and run the command again (it then writes to the database directly)',
      );
    }
    const clock = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)).get(session.doc.clientID) ?? 0;
    session.send(update);
    const stored = await storedWithin(store, workspace, seqBefore, { update, clientId: session.doc.clientID, clock }, options.timeoutMs ?? 30_000, session.closedBecause);
    return stored.ok ? ok({ result, update, via: 'server' }) : stored;
  } finally {
    session.close();
  }
}

/** The server that records itself as serving this database, if its process is still alive. */
function runningServerOf(store: SqliteSyncStore): RunningServerRecord | null {
  const server = store.runningServer();
  if (!server) return null;
  try {
    process.kill(server.pid, 0);
    return server;
  } catch (e) {
    // ESRCH: it was killed without clearing its record. EPERM: alive, another user's.
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? server : null;
  }
}

/** A server listening on every interface is reached on loopback. */
const reachableUrl = (url: string) => url.replace('://0.0.0.0:', '://127.0.0.1:').replace('://[::]:', '://[::1]:');

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
export const alreadyExists = (workspace: string) => `workspace ${workspace} already exists (it has content stored); choose a new workspace id`;

/** Runs `change` on the doc and returns the one update it made (null: it changed nothing). */
export function changeOf<T>(doc: Y.Doc, change: (doc: Y.Doc) => T): { result: T; update: Uint8Array | null } {
  const updates: Uint8Array[] = [];
  const collect = (update: Uint8Array, origin: unknown) => origin !== 'server' && updates.push(update);
  doc.on('update', collect);
  try {
    const result = change(doc);
    if (updates.length > 1) throw new Error(`a workspace change must be one transaction; it made ${updates.length} updates`);
    return { result, update: updates[0] ?? null };
  } finally {
    doc.off('update', collect);
  }
}

/** Polls the log until an update after `seqBefore` holds this client's change through `clock`. */
async function storedWithin(
  store: SqliteSyncStore,
  workspace: string,
  seqBefore: number,
  { update, clientId, clock }: { update: Uint8Array; clientId: number; clock: number },
  timeoutMs: number,
  closedBecause: () => string | null,
): Promise<Result<void, string>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // An update that only deletes adds no clock to its client: it is then recognised by its bytes.
    const isOurs = (data: Uint8Array) =>
      clock > 0 ? (Y.decodeStateVector(Y.encodeStateVectorFromUpdate(data)).get(clientId) ?? 0) >= clock : Buffer.from(data).equals(Buffer.from(update));
    const isStored = store.updatesAfter(workspace, seqBefore).some(({ data }) => isOurs(data));
    if (isStored) return ok(undefined);
    const closed = closedBecause();
    if (closed) {
      return err(`the server ${closed} before storing the update; nothing was written`);
    }
    if (Date.now() > deadline) {
      return err(`the server did not confirm storing the update within ${timeoutMs / 1000} s; check with evident-sync history before running it again`);
    }
    await sleep(50);
  }
}
