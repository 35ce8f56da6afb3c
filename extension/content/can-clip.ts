import { storage } from 'wxt/utils/storage';
import { workspacesItem } from '../background/workspaces';

const activeWorkspaceItem = storage.defineItem<string>('local:activeWorkspace', { fallback: 'local' });

/** Whether the active workspace takes clips now (not a reviewer's). */
export async function canClipNow(): Promise<boolean> {
  const [active, all] = await Promise.all([activeWorkspaceItem.getValue(), workspacesItem.getValue()]);
  return all.find((w) => w.id === active)?.role !== 'reviewer';
}

/**
 * Whether the active workspace takes clips: not when it is a reviewer's (read-only). Read from
 * extension storage, which content scripts may read, and kept current as it changes.
 */
export function watchCanClip(signal: AbortSignal, onChange?: (canClip: boolean) => void): () => boolean {
  let canClip = true;
  const refresh = async () => {
    canClip = await canClipNow();
    onChange?.(canClip);
  };
  void refresh();
  const unwatch = [activeWorkspaceItem.watch(() => void refresh()), workspacesItem.watch(() => void refresh())];
  signal.addEventListener('abort', () => unwatch.forEach((u) => u()));
  return () => canClip;
}
