import { useEffect, useState } from 'react';
import { storage } from 'wxt/utils/storage';
import type { SyncStatus } from '../../background/sync-status';
import { syncStatusItem } from '../../background/sync-status';
import { LOCAL_WORKSPACE, workspacesItem, type WorkspaceEntry } from '../../background/workspaces';

const activeWorkspaceItem = storage.defineItem<string>('local:activeWorkspace', { fallback: 'local' });

export interface WorkspaceView {
  active: WorkspaceEntry;
  all: WorkspaceEntry[];
  status: Record<string, SyncStatus>;
  /** false for a reviewer's workspace: pages hide every edit control. */
  canEdit: boolean;
}

/** The workspaces, the active one and its sync status, live from extension storage. */
export function useWorkspace(): WorkspaceView {
  const [all, setAll] = useState<WorkspaceEntry[]>([LOCAL_WORKSPACE]);
  const [activeId, setActiveId] = useState('local');
  const [status, setStatus] = useState<Record<string, SyncStatus>>({});
  useEffect(() => {
    void workspacesItem.getValue().then(setAll);
    void activeWorkspaceItem.getValue().then(setActiveId);
    void syncStatusItem.getValue().then(setStatus);
    const unwatch = [
      workspacesItem.watch((v) => setAll(v ?? [LOCAL_WORKSPACE])),
      activeWorkspaceItem.watch((v) => setActiveId(v ?? 'local')),
      syncStatusItem.watch((v) => setStatus(v ?? {})),
    ];
    return () => unwatch.forEach((u) => u());
  }, []);
  const list = all.some((w) => w.id === 'local') ? all : [LOCAL_WORKSPACE, ...all];
  const active = list.find((w) => w.id === activeId) ?? LOCAL_WORKSPACE;
  return { active, all: list, status, canEdit: active.role !== 'reviewer' };
}

/** offline / syncing / synced, as the indicator shows it ("local" for the unsynced workspace). */
export function syncLabel(status: SyncStatus | undefined, workspace: WorkspaceEntry): string {
  if (!workspace.serverUrl) return 'local';
  if (!status) return 'offline';
  if (status.state === 'connecting') return 'syncing';
  if (status.state === 'refused') return 'refused';
  return status.state === 'local' ? 'local' : status.state;
}
