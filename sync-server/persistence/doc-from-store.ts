import * as Y from 'yjs';
import type { SyncStore } from './types';

/** A workspace's stored state as a Y.Doc: its snapshot, then every later update in log order. */
export function docFromStoredState({ snapshot, updates }: { snapshot: Uint8Array | null; updates: readonly Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    if (snapshot) Y.applyUpdate(doc, snapshot);
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  return doc;
}

/** The workspace's stored state as a Y.Doc: its snapshot, then every later update in log order. */
export function docFromStore(store: Pick<SyncStore, 'loadDoc'>, workspace: string): Y.Doc {
  return docFromStoredState(store.loadDoc(workspace));
}
