import * as Y from 'yjs';

/**
 * Snapshot + log → one update, as a doc loaded from them would encode itself: through a Y.Doc with
 * gc on, so content deleted since is dropped (Y.mergeUpdates would keep it). The store's default
 * fold, on the calling thread; the server passes one that runs on a worker thread.
 */
export function foldLog(snapshot: Uint8Array | null, updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, snapshot);
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
