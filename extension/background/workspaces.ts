import { storage } from 'wxt/utils/storage';
import type { Role } from '../../shared/protocol/sync';

/**
 * The workspaces this browser holds. "local" is always there and never syncs; others were joined with
 * an invite (server address + token). Kept in chrome.storage.local: tokens are secrets and never leave
 * this browser except to their own server.
 */
export interface WorkspaceEntry {
  id: string;
  /** Shown in switchers; the workspace id unless named. */
  name: string;
  serverUrl: string | null;
  token: string | null;
  /** 'owner' for the local workspace; a joined one has its invite's role. */
  role: Role | 'owner';
  /** When the token expires (seconds since epoch), to warn before it does. */
  expiresAt: number | null;
}

export const LOCAL_WORKSPACE: WorkspaceEntry = {
  id: 'local',
  name: 'On this computer only',
  serverUrl: null,
  token: null,
  role: 'owner',
  expiresAt: null,
};

export const workspacesItem = storage.defineItem<WorkspaceEntry[]>('local:workspaces', { fallback: [LOCAL_WORKSPACE] });

export async function listWorkspaces(): Promise<WorkspaceEntry[]> {
  const stored = await workspacesItem.getValue();
  return stored.some((w) => w.id === 'local') ? stored : [LOCAL_WORKSPACE, ...stored];
}

export async function workspaceEntry(id: string): Promise<WorkspaceEntry | null> {
  return (await listWorkspaces()).find((w) => w.id === id) ?? null;
}

/** Adds or replaces a joined workspace (joining again with a new invite updates its token and role). */
export async function saveWorkspace(entry: WorkspaceEntry): Promise<void> {
  const others = (await listWorkspaces()).filter((w) => w.id !== entry.id);
  await workspacesItem.setValue([...others, entry]);
}

export const isReadOnly = (entry: Pick<WorkspaceEntry, 'role'> | null) => entry?.role === 'reviewer';

/**
 * Workspaces left in this browser whose copy is still here: leaving forgets the invite but keeps the
 * local replica (clips made offline and not yet sent are in it) until the person deletes it, or joins
 * again with a new invite, which picks it up where it was.
 */
export interface LeftWorkspace {
  id: string;
  name: string;
  serverUrl: string | null;
  leftAt: string;
  /** Changes the server had not confirmed when it was left (they are sent if it is joined again). */
  unconfirmed: number;
  /** Whether the server was asked at the moment of leaving (else `unconfirmed` is an upper bound). */
  certain: boolean;
}

export const leftWorkspacesItem = storage.defineItem<LeftWorkspace[]>('local:leftWorkspaces', { fallback: [] });
