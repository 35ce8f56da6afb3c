import Dexie from 'dexie';
import { ProjectionDb, projectionDbName } from '../db/projection-db';
import { docDbName, docStoreConnection } from './doc-store';

/** Deletes this browser's copy of a workspace: its doc's store and its projection. Not undoable. */
export async function deleteLocalReplica(workspaceId: string): Promise<void> {
  await Dexie.delete(projectionDbName(workspaceId));
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(docDbName(workspaceId));
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete ${docDbName(workspaceId)}`));
    // Another context still has it open: it is deleted once that closes; nothing more to wait for.
    request.onblocked = () => resolve();
  });
}

/**
 * Replaces this browser's copy of a workspace's doc with `state` (one Yjs update holding the whole
 * doc), in one IndexedDB transaction: a crash leaves the old copy or the new one, never neither. The
 * workspace's session must be closed first. Its projection is rebuilt from the new doc when it next
 * loads (its checkpoint is dropped: clips can come back, which an incremental catch-up would miss).
 */
export async function replaceLocalReplica(workspaceId: string, state: Uint8Array): Promise<void> {
  const db = await docStoreConnection(workspaceId);
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(['updates'], 'readwrite', { durability: 'strict' });
    const updates = tx.objectStore('updates');
    updates.clear();
    updates.add(state);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error(`could not replace ${docDbName(workspaceId)}`));
    tx.onabort = () => reject(tx.error ?? new Error(`replacing ${docDbName(workspaceId)} was aborted`));
  });
  const projection = new ProjectionDb(workspaceId);
  try {
    await projection.meta.delete('checkpoint');
  } finally {
    projection.close();
  }
}
