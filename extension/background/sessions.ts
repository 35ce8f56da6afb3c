import { storage } from 'wxt/utils/storage';
import type { RefusalReport } from '../../shared/protocol/server-messages';
import { replaceLocalReplica } from './local-replica';
import * as Y from 'yjs';
import { presenceFor } from './presence';
import { rebuildReplica } from './replica-rebuild';
import { fetchServerDoc } from './server-doc';
import { SyncConnection } from './sync-connection';
import { publishSyncStatus } from './sync-status';
import { isReadOnly, listWorkspaces, workspaceEntry, type WorkspaceEntry } from './workspaces';
import { WorkspaceSession } from './workspace-session';

/** The workspace the pages show and captures go to. */
export const DEFAULT_WORKSPACE = 'local';
export const activeWorkspaceItem = storage.defineItem<string>('local:activeWorkspace', {
  fallback: DEFAULT_WORKSPACE,
});

const sessions = new Map<string, WorkspaceSession>();
const connections = new Map<string, SyncConnection>();

export function sessionFor(workspaceId: string): WorkspaceSession {
  let session = sessions.get(workspaceId);
  if (!session) sessions.set(workspaceId, (session = new WorkspaceSession(workspaceId)));
  return session;
}

/** The active workspace's session, its read-only flag set from the workspace's role. */
export async function activeSession(): Promise<WorkspaceSession> {
  const id = await activeWorkspaceItem.getValue();
  const session = sessionFor(id);
  session.readOnly = isReadOnly(await workspaceEntry(id));
  return session;
}

/**
 * Loads a joined workspace's doc and connects it to its server (once). The provider then keeps the
 * service worker alive while the team works (MV3 keeps a worker alive while websocket messages flow).
 */
export async function ensureSynced(entry: WorkspaceEntry): Promise<SyncConnection | null> {
  if (!entry.serverUrl || !entry.token) {
    publishSyncStatus(entry.id, { state: 'local', problem: null, lastSyncedAt: null });
    return null;
  }
  const existing = connections.get(entry.id);
  if (existing) return existing;
  const session = sessionFor(entry.id);
  session.readOnly = isReadOnly(entry);
  const loaded = await session.load();
  if (!loaded.ok) {
    publishSyncStatus(entry.id, { state: 'offline', problem: loaded.error, lastSyncedAt: null });
    return null;
  }
  if (connections.has(entry.id)) return connections.get(entry.id)!;
  const connection = new SyncConnection(entry.id, loaded.value, entry.serverUrl, entry.token, {
    readOnly: session.readOnly,
    onReplicaRefused: (refusal) => void repairRefusedReplica(entry, refusal),
  });
  connections.set(entry.id, connection);
  await presenceFor(entry.id, connection.provider.awareness).start();
  connection.start();
  return connection;
}

/** When each workspace's copy was last rebuilt after a refusal: a second refusal soon after stops retrying. */
const lastRepairAt = new Map<string, number>();
const REPAIR_AGAIN_AFTER_MS = 60_000;
const RETRY_FETCH_AFTER_MS = 15_000;

/**
 * The server refused an update of this browser's copy for destroying clips. Sent again it would be
 * refused again, so the copy is rebuilt: the server's state (nothing it stored is lost), plus this
 * browser's edits the server lacks except those removals (replica-rebuild.ts); then it reconnects.
 */
async function repairRefusedReplica(entry: WorkspaceEntry, refusal: RefusalReport): Promise<void> {
  disconnect(entry.id);
  const problem = (text: string, state: 'offline' | 'refused' = 'offline') =>
    publishSyncStatus(entry.id, { state, problem: `${refusal.message} ${text}`, lastSyncedAt: null });
  const last = lastRepairAt.get(entry.id);
  if (last !== undefined && Date.now() - last < REPAIR_AGAIN_AFTER_MS) {
    return problem('Rebuilding this browser\'s copy from the server did not help; export the workspace and tell the server\'s administrator.', 'refused');
  }
  const server = await fetchServerDoc(entry.serverUrl!, entry.id, entry.token!);
  if (!server.ok) {
    problem(`Could not get the workspace from the server to rebuild this browser's copy (${server.error}); trying again shortly.`);
    setTimeout(() => void repairRefusedReplica(entry, refusal), RETRY_FETCH_AFTER_MS);
    return;
  }
  lastRepairAt.set(entry.id, Date.now());
  const local = await sessionFor(entry.id).readDoc();
  // A copy that no longer loads has nothing of ours to keep: the server's state alone.
  const rebuilt = local.ok ? rebuildReplica(local.value, server.value) : { update: Y.encodeStateAsUpdate(server.value), keptLocalEdits: false, clipsBack: 0 };
  server.value.destroy();
  await closeSession(entry.id);
  await replaceLocalReplica(entry.id, rebuilt.update);
  const connection = await ensureSynced(entry);
  connection?.showNotice(`${refusal.message} ${rebuiltNotice(rebuilt)}`);
}

/** What rebuilding this browser's copy did, in words for the user. */
function rebuiltNotice({ keptLocalEdits, clipsBack }: { keptLocalEdits: boolean; clipsBack: number }): string {
  const back = clipsBack === 1 ? 'The clip it would have removed is back' : clipsBack > 1 ? `The ${clipsBack} clips it would have removed are back` : 'Every clip the server has is here';
  return keptLocalEdits
    ? `This browser's copy of the workspace was rebuilt from the server's. ${back}, and your other changes were kept.`
    : `This browser's copy of the workspace was rebuilt from the server's. ${back}; changes made here that the server did not have yet could not be kept apart from the removal, so they were dropped.`;
}

/** Drops a workspace's connection (before re-joining with a new invite, or leaving). */
export function disconnect(workspaceId: string): void {
  connections.get(workspaceId)?.stop();
  connections.delete(workspaceId);
}

export const connectionFor = (workspaceId: string) => connections.get(workspaceId) ?? null;

/** Disconnects a workspace and lets go of its doc and projection (leaving it); its stores stay. */
export async function closeSession(workspaceId: string): Promise<void> {
  disconnect(workspaceId);
  const session = sessions.get(workspaceId);
  sessions.delete(workspaceId);
  await session?.close();
}

/** Connects every joined workspace; called a moment after the worker starts (see background.ts). */
export async function syncAllWorkspaces(): Promise<void> {
  for (const entry of await listWorkspaces()) void ensureSynced(entry);
}
