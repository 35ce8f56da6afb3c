import * as Y from 'yjs';

/**
 * Snapshot + log → one update, as a doc loaded from them would encode itself: through a Y.Doc with
 * gc on, so content deleted since is dropped (Y.mergeUpdates keeps every deleted item's content, and
 * costs about as much here). Structs still missing a dependency stay in the encoding, as pending.
 * Both stores fold with it, each on a worker thread of its own.
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
