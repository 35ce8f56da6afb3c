import Dexie from 'dexie';
import { projectionDbName } from '../db/projection-db';
import { docDbName } from './doc-store';

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
