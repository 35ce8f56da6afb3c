import { storage } from 'wxt/utils/storage';
import { workspacesItem } from '../background/workspaces';

const activeWorkspaceItem = storage.defineItem<string>('local:activeWorkspace', { fallback: 'local' });

/**
 * Whether the active workspace takes clips: not when it is a reviewer's (read-only). Read from
 * extension storage, which content scripts may read, and kept current as it changes.
 */
export function watchCanClip(signal: AbortSignal): () => boolean {
  let canClip = true;
  const refresh = async () => {
    const [active, all] = await Promise.all([activeWorkspaceItem.getValue(), workspacesItem.getValue()]);
    canClip = all.find((w) => w.id === active)?.role !== 'reviewer';
  };
  void refresh();
  const unwatch = [activeWorkspaceItem.watch(() => void refresh()), workspacesItem.watch(() => void refresh())];
  signal.addEventListener('abort', () => unwatch.forEach((u) => u()));
  return () => canClip;
}
