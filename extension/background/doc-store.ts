import * as idb from 'lib0/indexeddb';
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

/**
 * The workspace doc's local durability: y-indexeddb's database (`updates` store of Yjs updates,
 * compacted by y-indexeddb). Evidence is "saved" only once its update is committed here.
 */
export const docDbName = (workspaceId: string) => `evident-doc-${workspaceId}`;

/**
 * Opens the doc's persistence and resolves once the stored state is loaded into `doc`.
 *
 * y-indexeddb listens to the doc's 'update' event from its constructor, so while it applies the stored
 * state Yjs encodes that whole state again as an update event, only for y-indexeddb to ignore it
 * (its own origin). For 50,000 clips that doubled the load (0.9 s → 1.9 s in Node). So its listener is
 * detached for the load and attached again after; nothing else touches the doc until then.
 * Relies on y-indexeddb 9's `_storeUpdate` (the version is pinned in package.json).
 */
export async function loadDocPersistence(workspaceId: string, doc: Y.Doc): Promise<IndexeddbPersistence> {
  const persistence = new IndexeddbPersistence(docDbName(workspaceId), doc);
  const storeUpdate = (persistence as unknown as { _storeUpdate?: (update: Uint8Array, origin: unknown) => void })._storeUpdate;
  if (storeUpdate) doc.off('update', storeUpdate);
  try {
    await persistence.whenSynced;
  } finally {
    if (storeUpdate) doc.on('update', storeUpdate);
  }
  return persistence;
}

/**
 * Resolves when every update y-indexeddb has queued so far is committed. IndexedDB runs read-write
 * transactions over the same store in the order they were created, so an empty one created now
 * completes after them; `strict` durability asks the browser to flush to disk before completing.
 */
export function whenUpdatesCommitted(persistence: IndexeddbPersistence): Promise<void> {
  const db = persistence.db;
  if (!db) return Promise.reject(new Error(`${persistence.name}: database not open yet`));
  return commitMarker(db);
}

function commitMarker(db: IDBDatabase): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['updates'], 'readwrite', { durability: 'strict' });
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

const connections = new Map<string, Promise<IDBDatabase>>();

/**
 * A connection to the doc's store, opened once per service-worker life: opening IndexedDB costs a few
 * milliseconds that a capture should not pay every time. The stores are created exactly as
 * y-indexeddb creates them, so it reads what is written here on its next load.
 */
export function docStoreConnection(workspaceId: string): Promise<IDBDatabase> {
  let connection = connections.get(workspaceId);
  if (!connection) {
    connection = idb.openDB(docDbName(workspaceId), (db) =>
      idb.createStores(db, [['updates', { autoIncrement: true }], ['custom']]),
    );
    connection.then(
      (db) => {
        // Another context deleting or upgrading the database must not be blocked by us.
        db.onversionchange = () => {
          db.close();
          connections.delete(workspaceId);
        };
      },
      () => connections.delete(workspaceId),
    );
    connections.set(workspaceId, connection);
  }
  return connection;
}

/** Appends one Yjs update to the doc's store without loading the doc (the capture fast path). */
export async function appendUpdate(workspaceId: string, update: Uint8Array): Promise<void> {
  const db = await docStoreConnection(workspaceId);
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(['updates'], 'readwrite', { durability: 'strict' });
    tx.objectStore('updates').add(update);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}
