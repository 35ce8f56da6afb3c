import { useEffect, useState } from 'react';
import { storage } from 'wxt/utils/storage';
import { ProjectionDb } from '../../db/projection-db';

const activeWorkspaceItem = storage.defineItem<string>('local:activeWorkspace', { fallback: 'local' });

/** The active workspace's projection, read-only for the UI (writes go through the background). */
export function useProjectionDb(): ProjectionDb | null {
  const [db, setDb] = useState<ProjectionDb | null>(null);
  useEffect(() => {
    let current: ProjectionDb | null = null;
    const open = (workspaceId: string) => {
      current?.close();
      current = new ProjectionDb(workspaceId);
      setDb(current);
    };
    void activeWorkspaceItem.getValue().then(open);
    const unwatch = activeWorkspaceItem.watch((id) => open(id));
    return () => {
      unwatch();
      current?.close();
    };
  }, []);
  return db;
}
