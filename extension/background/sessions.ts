import { storage } from 'wxt/utils/storage';
import { presenceFor } from './presence';
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
  const connection = new SyncConnection(entry.id, loaded.value, entry.serverUrl, entry.token);
  connections.set(entry.id, connection);
  await presenceFor(entry.id, connection.provider.awareness).start();
  connection.start();
  return connection;
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
