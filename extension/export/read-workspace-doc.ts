import * as idb from 'lib0/indexeddb';
import * as Y from 'yjs';
import { err, ok, type Result } from '../../shared/result';
import { migrateWorkspaceDoc } from '../../shared/workspace/schema-version';
import { docStoreConnection } from '../background/doc-store';

/**
 * The workspace doc as the local replica holds it, read straight from its IndexedDB store (the one
 * y-indexeddb and the capture fast path write) into a fresh doc that nothing persists: the export
 * reads and never writes. The background makes the store current first (pack-export-prepare).
 */
export async function readWorkspaceDoc(workspaceId: string): Promise<Result<Y.Doc, string>> {
  const db = await docStoreConnection(workspaceId);
  const [updates] = idb.transact(db, ['updates'], 'readonly');
  const stored = (await idb.getAll(updates!)) as Uint8Array[];
  const doc = new Y.Doc();
  Y.transact(doc, () => {
    for (const update of stored) Y.applyUpdate(doc, update);
  });
  const migrated = migrateWorkspaceDoc(doc, workspaceId);
  return migrated.ok ? ok(doc) : err(migrated.error);
}
